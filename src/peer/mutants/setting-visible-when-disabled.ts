/** Mutant (SPEC §2.1 P3): the E2EE setting is visible although the effective policy is disabled. */
import type { Mutant } from "../mutants.ts";

export const settingVisibleWhenDisabled: Mutant = {
  id: "setting-visible-when-disabled",
  clause: "§2.1 P3",
  description: "The E2EE setting is visible although the effective policy is disabled",
  hints: ["default-off", "policy"],
  variant: () => ({ settingsView: (s) => ({ visible: true, enabled: s.enabled }) }),
};
