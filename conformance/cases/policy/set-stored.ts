/**
 * Turning the setting on is stored by the service, per user (SPEC §2.1 P3, §3.3).
 */
import { defineCase } from "../../case.ts";
import { expectSettings, expectTrue } from "../../verify.ts";

// Catches an implementation that keeps the setting locally instead of changing it at the service.
export default defineCase({
  id: "policy.set-on.stored-by-service",
  clause: "§2.1 P3",
  level: "MUST",
  title: "Turning E2EE on changes the user's setting at the service",
  requirement: "The setting is stored **per user** by the service, not per device: every endpoint registered as the " +
    "user reads and changes the same value.",
  tags: ["policy"],
  async run(h) {
    const t = await h.tenant({ global: "userControlled", users: { alice: {}, bob: { e2ee: true } } });
    const impl = await h.impl("alice");
    expectSettings(
      await impl.setSettings(true),
      { visible: true, enabled: true },
      "The implementation's reply to turning E2EE on",
    );
    expectSettings(
      await impl.settings(),
      { visible: true, enabled: true },
      "After turning E2EE on, the implementation",
    );
    const elig = await h.admin.eligibility(t.id("alice"), t.id("bob"));
    expectTrue(
      !elig.reasons.includes("caller-setting-off"),
      "The service still has the user's setting off",
      "no caller-setting-off",
      elig.reasons,
    );
  },
});
