/**
 * A fresh user under a userControlled policy (SPEC §2.1 P3, §3.3): the setting is visible and off.
 */
import { defineCase } from "../../case.ts";
import { expectSettings } from "../../verify.ts";

// Catches an implementation that hides a changeable setting or shows it on before the user turned it on.
export default defineCase({
  id: "policy.fresh-user.visible-off",
  clause: "§2.1 P3",
  level: "MUST",
  title: "Fresh user under userControlled: the setting is visible and off",
  requirement: "A user's E2EE setting MUST be off until the user turns it on.",
  tags: ["policy", "default-off"],
  async run(h) {
    await h.tenant({ global: "userControlled", users: { alice: {} } });
    const impl = await h.impl("alice");
    expectSettings(
      await impl.settings(),
      { visible: true, enabled: false },
      "The implementation (fresh user, userControlled)",
    );
  },
});
