/**
 * Default off (SPEC §2.1 P1, P3, P4): in a tenant left as created, the setting is neither visible nor on, and a call
 * between two fresh users is a standard call with no indicator — with the implementation in each role.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectConnected, expectIndicatorOff, expectSettings, expectTopology } from "../../verify.ts";
import { pair, ROLES, roleTag, sides } from "../_roles.ts";

// Catches an implementation that reports a default of its own (e.g. "visible" or "on") instead of the service's.
const setting = defineCase({
  id: "policy.default-off.setting",
  clause: "§2.1 P1",
  level: "MUST",
  title: "Fresh tenant: the E2EE setting is neither visible nor on",
  requirement: "A new tenant's global E2EE calling policy MUST be `disabled`.",
  tags: ["policy", "default-off"],
  async run(h) {
    await h.tenant({ global: "as-created", users: { alice: {} } });
    const impl = await h.impl("alice");
    expectSettings(
      await impl.settings(),
      { visible: false, enabled: false },
      "The implementation (fresh user of a fresh tenant)",
    );
  },
});

// Catches an implementation that commits to or shows E2EE on its own initiative (e.g. E2EE "on by default").
const calls: Case[] = ROLES.map((as) =>
  defineCase({
    id: `policy.default-off.call.${as}`,
    clause: "§2.1 P1",
    level: "MUST",
    title: `Fresh tenant: a call between two fresh users is standard (implementation as ${as})`,
    requirement: "A new tenant's global E2EE calling policy MUST be `disabled`.",
    tags: ["policy", "default-off", roleTag(as)],
    async run(h) {
      await h.tenant({ global: "as-created", users: { alice: {}, bob: {} } });
      const p = await pair(h, as);
      const call = await h.call(p.caller, p.callee);
      const s = sides(call, as);
      expectTopology(await h.record(call.id), "processor");
      expectConnected(s.impl, "The implementation");
      expectIndicatorOff(s.impl, "The implementation");
      expectIndicatorOff(s.ref, "The reference");
    },
  })
);

export default [setting, ...calls];
