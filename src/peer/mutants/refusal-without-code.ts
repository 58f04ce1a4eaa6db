/** Mutant (SPEC §2.4, §9): a feature refused under E2EE is answered with an error that carries no stable code. */
import { REFERENCE_STRATEGIES } from "../strategies.ts";
import type { Mutant } from "../mutants.ts";

export const refusalWithoutCode: Mutant = {
  id: "refusal-without-code",
  clause: "§2.4",
  description: "A feature refused under E2EE is answered with an error without its stable code (FEATURE_DISABLED_E2EE)",
  hints: ["features"],
  variant: () => ({
    featureGuard: (call, feature, args, find, eligible) => {
      const refusal = REFERENCE_STRATEGIES.featureGuard(call, feature, args, find, eligible);
      if (refusal === null) return null;
      // The fault: the refusal still happens, but as a plain error: the driver answers it without data.code.
      return new Error(refusal.message) as typeof refusal;
    },
  }),
};
