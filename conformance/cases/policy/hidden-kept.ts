/**
 * A setting hidden by a later policy change is kept and in force again once visible (SPEC §3.3).
 */
import { defineCase } from "../../case.ts";
import { expectIndicatorOn, expectSettings, expectTopology } from "../../verify.ts";

// Catches an implementation that reports a hidden setting as on, or that turns the setting off itself when the
// policy hides it (only the user changes it).
export default defineCase({
  id: "policy.hidden-setting-kept",
  clause: "§3.3 P3",
  level: "MUST",
  title: "A setting hidden by policy reads off, and reads on again once the policy allows it",
  requirement: "A setting the user turned on and that a later policy or compliance change hides is **kept** in the " +
    "store, has no effect while hidden (it is reported as off and §3.4 rules the call out through the " +
    "policy or compliance reason), and is in force again if the setting becomes visible again.",
  tags: ["policy", "impl-caller"],
  async run(h) {
    const t = await h.tenant({
      global: "userControlled",
      users: { alice: { policy: "userControlled" }, bob: { e2ee: true } },
    });
    const [impl, ref] = await Promise.all([h.impl("alice"), h.ref("bob")]);
    expectSettings(
      await impl.setSettings(true),
      { visible: true, enabled: true },
      "The implementation turning E2EE on",
    );
    await h.admin.assignUser(t.id("alice"), "deny");
    expectSettings(
      await impl.settings(),
      { visible: false, enabled: false },
      "The implementation while a disabled policy hides the setting",
    );
    await h.admin.assignUser(t.id("alice"), "allow");
    expectSettings(
      await impl.settings(),
      { visible: true, enabled: true },
      "The implementation once the policy allows it again",
    );
    const call = await h.call(impl, ref);
    expectTopology(await h.record(call.id), "relay");
    expectIndicatorOn(call.caller, "The implementation (caller)");
  },
});
