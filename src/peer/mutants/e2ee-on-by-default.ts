/** Mutant (SPEC §2.1 P3): the E2EE setting shows, and acts, as on for a user who never turned it on. */
import type { Mutant } from "../mutants.ts";

export const e2eeOnByDefault: Mutant = {
  id: "e2ee-on-by-default",
  clause: "§2.1 P3",
  description: "The E2EE setting shows (and acts) as on for a user who never turned it on",
  hints: ["default-off", "policy", "opt-in"],
  variant: () => ({ settingsView: (s) => ({ visible: s.visible, enabled: s.visible }) }),
};
