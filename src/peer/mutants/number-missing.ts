/**
 * Mutant (SPEC §2.2 V1, V3): the endpoint shows the E2EE indicator without the verification number (the number is
 * reported as null), so the user has no 20 digits to compare. A malformed number is refused by the §7 CallState
 * schema (an adapter-error, not a kill); a missing one passes it, so the fault is the absence.
 */
import type { Mutant } from "../mutants.ts";

export const numberMissing: Mutant = {
  id: "number-missing",
  clause: "§2.2 V3",
  description: "The indicator is shown without the verification number (null)",
  hints: ["verify.number-20-digits"],
  variant: () => ({
    stateView: (_call, s) => (s.e2ee.indicator ? { ...s, e2ee: { indicator: true, number: null } } : s),
  }),
};
