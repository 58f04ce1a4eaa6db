/**
 * Mutant (SPEC §2.4): the client refuses every §2.4 feature in every call, standard calls included, as if E2EE were
 * always on. §2.4 disables the features only while a call is E2EE; in a standard call they MUST work. The offered
 * list stays honest, so only a case that actually uses a feature in a standard call can tell.
 */
import { ShieldCallError } from "../../errors.ts";
import { isControlOperation } from "../../protocol/mod.ts";
import { REFERENCE_STRATEGIES } from "../strategies.ts";
import type { Mutant } from "../mutants.ts";

export const featuresRefusedStandard: Mutant = {
  id: "features-refused-standard",
  clause: "§2.4",
  description: "Every §2.4 feature is refused (FEATURE_DISABLED_E2EE) in standard calls too, though they are offered",
  hints: ["features"],
  variant: () => ({
    featureGuard: (call, feature, args, find, eligible) => {
      const refusal = REFERENCE_STRATEGIES.featureGuard(call, feature, args, find, eligible);
      if (refusal !== null || isControlOperation(feature)) return refusal;
      // The fault: a standard call's feature is refused as if the call were E2EE.
      return new ShieldCallError(
        "FEATURE_DISABLED_E2EE",
        `Feature "${feature}" is unavailable: call "${call.callId}" is end-to-end encrypted`,
      );
    },
  }),
};
