/**
 * Removing a user's assignment falls back to the next applicable step (SPEC §2.1 P2, §3.2): to the user's group,
 * or to the global policy. The change is made while the implementation is registered, so it must read the setting
 * from the service again rather than keep what it saw at registration.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import type { PolicyValue } from "../../harness.ts";
import { expectIndicatorOff, expectIndicatorOn, expectSettings, expectTopology } from "../../verify.ts";

interface Variant {
  name: string;
  title: string;
  global: PolicyValue;
  user: PolicyValue;
  group: PolicyValue | null;
  /** Visible after the user's assignment is removed. */
  after: boolean;
}

const VARIANTS: Variant[] = [
  {
    name: "to-group",
    title: "to the user's group (deny → group allow)",
    global: "disabled",
    user: "disabled",
    group: "userControlled",
    after: true,
  },
  {
    name: "to-global",
    title: "to the global policy (allow → global disabled)",
    global: "disabled",
    user: "userControlled",
    group: null,
    after: false,
  },
];

// Catches an implementation that caches the setting from registration, and one that forgets a setting the user
// turned on while a policy hid it (SPEC §3.3: kept, in force again once visible).
const cases: Case[] = VARIANTS.map((v) =>
  defineCase({
    id: `policy.fallback.remove-user-assignment.${v.name}`,
    clause: "§2.1 P2",
    level: "MUST",
    title: `Removing the user's assignment falls back ${v.title}`,
    requirement: "Removing an assignment (assigning `null`), removing a member, changing a rank or deleting a group " +
      "falls back to the next applicable step.",
    tags: ["policy", "impl-caller"],
    async run(h) {
      const t = await h.tenant({
        global: v.global,
        users: { alice: { policy: v.user, e2ee: true }, bob: { policy: "userControlled", e2ee: true } },
        groups: v.group === null ? [] : [{ id: "g", rank: 1, members: ["alice"], policy: v.group }],
      });
      const [impl, ref] = await Promise.all([h.impl("alice"), h.ref("bob")]);
      expectSettings(
        await impl.settings(),
        { visible: !v.after, enabled: !v.after },
        "Before the change, the implementation",
      );
      await h.admin.assignUser(t.id("alice"), null);
      expectSettings(
        await impl.settings(),
        { visible: v.after, enabled: v.after },
        "After the user's assignment was removed, the implementation",
      );
      const call = await h.call(impl, ref);
      const rec = await h.record(call.id);
      if (v.after) {
        expectTopology(rec, "relay");
        expectIndicatorOn(call.caller, "The implementation (caller)");
      } else {
        expectTopology(rec, "processor");
        expectIndicatorOff(call.caller, "The implementation (caller)");
      }
    },
  })
);

export default cases;
