/**
 * Policy precedence (SPEC §2.1 P2, §3.2): user assignment > highest-ranked group > global. Each variant checks the
 * setting the implementation reports and whether its call to a reference peer (allowed, turned on) is E2EE.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import type { PolicyValue, UserSpec } from "../../harness.ts";
import { expectIndicatorOff, expectIndicatorOn, expectSettings, expectTopology } from "../../verify.ts";

interface Variant {
  name: string;
  title: string;
  global: PolicyValue;
  alice: UserSpec;
  groups: { id: string; rank: number; members: string[]; policy: PolicyValue | null }[];
  /** Whether alice's effective policy is userControlled. */
  visible: boolean;
}

const VARIANTS: Variant[] = [
  {
    name: "user-allow-over-group-deny",
    title: "a user assignment beats the user's group (allow over deny)",
    global: "disabled",
    alice: { policy: "userControlled", e2ee: true },
    groups: [{ id: "g-deny", rank: 10, members: ["alice"], policy: "disabled" }],
    visible: true,
  },
  {
    name: "user-deny-over-group-allow",
    title: "a user assignment beats the user's group (deny over allow)",
    global: "userControlled",
    alice: { policy: "disabled", e2ee: true },
    groups: [{ id: "g-allow", rank: 10, members: ["alice"], policy: "userControlled" }],
    visible: false,
  },
  {
    // The higher-ranked group has the larger id and is created last: neither "first" nor "smallest id" picks it.
    name: "higher-group-allow-wins",
    title: "the highest-ranked group beats a lower one (allow over deny)",
    global: "disabled",
    alice: { e2ee: true },
    groups: [
      { id: "a-low", rank: 1, members: ["alice"], policy: "disabled" },
      { id: "z-high", rank: 10, members: ["alice"], policy: "userControlled" },
    ],
    visible: true,
  },
  {
    name: "higher-group-deny-wins",
    title: "the highest-ranked group beats a lower one (deny over allow)",
    global: "userControlled",
    alice: { e2ee: true },
    groups: [
      { id: "a-low", rank: -5, members: ["alice"], policy: "userControlled" },
      { id: "z-high", rank: 7, members: ["alice"], policy: "disabled" },
    ],
    visible: false,
  },
  {
    name: "group-allow-over-global",
    title: "a group assignment beats the global policy (allow over disabled)",
    global: "disabled",
    alice: { e2ee: true },
    groups: [{ id: "g", rank: 0, members: ["alice"], policy: "userControlled" }],
    visible: true,
  },
  {
    name: "group-deny-over-global",
    title: "a group assignment beats the global policy (deny over userControlled)",
    global: "userControlled",
    alice: { e2ee: true },
    groups: [{ id: "g", rank: 0, members: ["alice"], policy: "disabled" }],
    visible: false,
  },
];

// Catches an implementation that decides visibility or E2EE from anything but the service's effective policy
// (e.g. the global policy alone, or a cached value), and one that reports a hidden setting as on.
const cases: Case[] = VARIANTS.map((v) =>
  defineCase({
    id: `policy.precedence.${v.name}`,
    clause: "§2.1 P2",
    level: "MUST",
    title: `Precedence: ${v.title}`,
    requirement: "Precedence MUST be: user assignment > highest-ranked group assignment > global (§3.2).",
    tags: ["policy", "impl-caller"],
    async run(h) {
      await h.tenant({
        global: v.global,
        users: { alice: v.alice, bob: { policy: "userControlled", e2ee: true } },
        groups: v.groups,
      });
      const [impl, ref] = await Promise.all([h.impl("alice"), h.ref("bob")]);
      expectSettings(await impl.settings(), { visible: v.visible, enabled: v.visible }, "The implementation");
      const call = await h.call(impl, ref);
      const rec = await h.record(call.id);
      if (v.visible) {
        expectTopology(rec, "relay");
        expectIndicatorOn(call.caller, "The implementation (caller)");
      } else {
        expectTopology(rec, "processor");
        expectIndicatorOff(call.caller, "The implementation (caller)");
        expectIndicatorOff(call.callee, "The reference (callee)");
      }
    },
  })
);

export default cases;
