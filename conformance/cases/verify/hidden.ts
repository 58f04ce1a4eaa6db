/**
 * Where the indicator and the number MUST NOT appear (SPEC §2.2 V1): at any moment of a standard call, and after
 * an E2EE call ended — with the implementation in each role.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import {
  expectEnded,
  expectIndicatorOff,
  expectNeverShown,
  expectTopology,
  precondition,
  ROOT_CAUSES,
  StateLog,
} from "../../verify.ts";
import { speechFor } from "../../../src/media/mod.ts";
import { e2eeCall, hangupBoth, pair, ROLES, roleTag } from "../_roles.ts";

const requirement =
  "An endpoint MUST NOT show either in a standard call, before the handshake completed, or after the call ended.";

// Catches an implementation that shows the indicator (or a number) in a standard call at some moment — e.g. while
// connecting, or because it ran its own handshake on a processor call.
const standard: Case[] = ROLES.map((as) =>
  defineCase({
    id: `verify.hidden-standard.${as}`,
    clause: "§2.2 V1",
    level: "MUST",
    title: `No indicator and no number at any moment of a standard call (implementation as ${as})`,
    requirement,
    tags: ["verify", roleTag(as)],
    async run(h) {
      // Both users turned E2EE on but the caller's policy disables it: the implementation has a setting to misuse.
      await h.tenant({ global: "userControlled", users: { alice: { e2ee: true }, bob: { e2ee: true } } });
      const p = await pair(h, as);
      await h.admin.assignUser(p.caller.userId!, "deny");
      const log = new StateLog(p.impl);
      const call = await h.call(p.caller, p.callee);
      // SPEC §12.2: set-up, not the check: a standard call in which media flows.
      await precondition(ROOT_CAUSES.standardCall, async () => {
        expectTopology(await h.record(call.id), "processor");
        await h.heard(p.impl, call.id, speechFor(p.ref.userId!));
      });
      await log.until(call.id, () => true);
      await hangupBoth(p.impl, p.ref, call.id);
      await log.until(call.id, (s) => s.state === "ended");
      log.stop();
      expectNeverShown(log.of(call.id), "The implementation");
    },
  })
);

// Catches an implementation that keeps showing the indicator or the number once the call ended, whoever ended it.
const afterEnd: Case[] = ROLES.map((as) =>
  defineCase({
    id: `verify.hidden-after-end.${as}`,
    clause: "§2.2 V1",
    level: "MUST",
    title: as === "caller"
      ? "After the implementation (caller) hangs up an E2EE call it shows no indicator and no number"
      : "After the other side hangs up an E2EE call the implementation (callee) shows no indicator and no number",
    requirement,
    tags: ["verify", "e2ee", roleTag(as)],
    async run(h) {
      const { impl, ref, call } = await e2eeCall(h, as);
      const [implEnd] = as === "caller"
        ? await hangupBoth(impl, ref, call.id)
        : await hangupBoth(ref, impl, call.id).then(([r, i]) => [i, r]);
      expectEnded(implEnd, "The implementation");
      expectIndicatorOff(implEnd, "After the call ended, the implementation");
    },
  })
);

export default [...standard, ...afterEnd];
