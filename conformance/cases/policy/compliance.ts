/**
 * Compliance recording hides the setting and rules E2EE out (SPEC §3.3, §3.4 P4), with the implementation's user
 * under compliance recording as caller and as callee.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectConnected, expectIndicatorOff, expectSettings, expectTopology } from "../../verify.ts";
import { pair, ROLES, roleTag, sides } from "../_roles.ts";

// Catches an implementation that shows the setting (or reports it on) under compliance recording, or that shows
// the indicator in the resulting standard call.
const cases: Case[] = ROLES.map((as) =>
  defineCase({
    id: `policy.compliance.${as}`,
    clause: "§3.3 P3",
    level: "MUST",
    title: `Compliance recording hides the setting and the call is standard (implementation as ${as})`,
    requirement:
      "The setting is **visible** iff the effective policy's value is `userControlled` **and** the user has " +
      "no compliance recording (Teams hides the setting for users under a compliance-recording policy).",
    tags: ["policy", roleTag(as)],
    async run(h) {
      const implUser = as === "caller" ? "alice" : "bob";
      await h.tenant({
        global: "userControlled",
        users: {
          alice: { policy: "userControlled", e2ee: true, compliance: implUser === "alice" },
          bob: { policy: "userControlled", e2ee: true, compliance: implUser === "bob" },
        },
      });
      const p = await pair(h, as);
      expectSettings(
        await p.impl.settings(),
        { visible: false, enabled: false },
        "Under compliance recording, the implementation",
      );
      const call = await h.call(p.caller, p.callee);
      const s = sides(call, as);
      expectTopology(await h.record(call.id), "processor");
      expectConnected(s.impl, "The implementation");
      expectIndicatorOff(s.impl, "The implementation");
      expectIndicatorOff(s.ref, "The reference");
    },
  })
);

export default cases;
