/**
 * Downgrade by stripping (SPEC §8 strip, §2.1 P4, §2.2 V1): the service removes `e2ee` from the invite and the
 * accept. The call MUST proceed as a standard call and no side may show the indicator at any moment.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import {
  expectConnected,
  expectNeverShown,
  expectTopology,
  precondition,
  ROOT_CAUSES,
  StateLog,
} from "../../verify.ts";
import { speechFor } from "../../../src/media/mod.ts";
import { hangupBoth, pairUnder, ROLES, roleTag } from "../_roles.ts";

// Catches an implementation that shows the indicator on its own settings alone (without a completed handshake),
// and one that fails the call instead of going on as a standard call.
const cases: Case[] = ROLES.map((as) =>
  defineCase({
    id: `media.strip.${as}`,
    clause: "§2.2 V1",
    level: "MUST",
    title: `E2EE fields stripped by the service: a standard call, no indicator at any moment (implementation as ${as})`,
    requirement:
      "Otherwise it MUST proceed as a standard call with no E2EE indicator; it MUST NOT fail for lack of E2EE.",
    tags: ["media", "adversary", roleTag(as)],
    async run(h) {
      const p = await pairUnder(h, "strip", as);
      const implLog = new StateLog(p.impl);
      const refLog = new StateLog(p.ref);
      const call = await h.call(p.caller, p.callee);
      // SPEC §12.2: set-up, not the check: under strip the service ran a standard call.
      await precondition(ROOT_CAUSES.adversaryCall, async () => expectTopology(await h.record(call.id), "processor"));
      const heard = await h.heard(p.impl, call.id, speechFor(p.ref.userId!));
      expectConnected(heard, "The implementation");
      await Promise.all([implLog.until(call.id, () => true), refLog.until(call.id, () => true)]);
      await hangupBoth(p.impl, p.ref, call.id);
      implLog.stop();
      refLog.stop();
      expectNeverShown(implLog.of(call.id), "The implementation");
      expectNeverShown(refLog.of(call.id), "The reference");
    },
  })
);

export default cases;
