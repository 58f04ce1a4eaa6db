/** Mutant (SPEC §2.4 F1–F9): every feature is offered in an E2EE call. */
import { FEATURES } from "../../protocol/mod.ts";
import type { Mutant } from "../mutants.ts";

export const allFeaturesOfferedE2ee: Mutant = {
  id: "all-features-offered-e2ee",
  clause: "§2.4 F1–F9",
  description: "Every feature is offered in an E2EE call",
  hints: ["features"],
  variant: () => ({ stateView: (c, s) => (c.isE2ee ? { ...s, features: [...FEATURES] } : s) }),
};
