/**
 * Mutant (SPEC §2.4 F1–F9): a standard call offers no feature at all (the E2EE rule kept on in standard calls), so
 * every refusal case would pass by offering nothing.
 */
import type { Mutant } from "../mutants.ts";

export const featuresHiddenStandard: Mutant = {
  id: "features-hidden-standard",
  clause: "§2.4 F1–F9",
  description: "A standard call offers no feature (the E2EE rule kept on outside E2EE)",
  hints: ["features", "standard"],
  variant: () => ({ stateView: (c, s) => (c.isE2ee ? s : { ...s, features: [] }) }),
};
