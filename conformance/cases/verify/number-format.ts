/**
 * The verification number is exactly 20 decimal digits (SPEC §2.2 V3, §5.6), at every moment it is shown, with the
 * implementation in each role.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectNumber20, expectTrue, precondition, preconditionSync, ROOT_CAUSES, StateLog } from "../../verify.ts";
import { moreAudio, pair, ROLES, roleTag, sides } from "../_roles.ts";

// Catches a number reported with separators, too few or too many digits (e.g. "04817 22930 55120 09384" or the
// 128-bit value unreduced), or one that is not zero-padded.
const cases: Case[] = ROLES.map((as) =>
  defineCase({
    id: `verify.number-20-digits.${as}`,
    clause: "§2.2 V3",
    level: "MUST",
    title: `The verification number is exactly 20 decimal digits (implementation as ${as})`,
    requirement: "The number MUST be exactly 20 decimal digits (§5.6) and fresh for every call: keys and DTLS " +
      "certificates MUST NOT be reused across calls.",
    tags: ["verify", "e2ee", roleTag(as)],
    async run(h) {
      await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
      const p = await pair(h, as);
      const log = new StateLog(p.impl);
      const call = await h.call(p.caller, p.callee);
      // SPEC §12.2: set-up, not the check: the call came up E2EE (the indicators only: the number is the check).
      const s = sides(call, as);
      preconditionSync(ROOT_CAUSES.e2eeCall, () =>
        expectTrue(
          s.impl.e2ee.indicator && s.ref.e2ee.indicator,
          "The call did not come up E2EE",
          { impl: true, ref: true },
          { impl: s.impl.e2ee.indicator, ref: s.ref.e2ee.indicator, state: s.impl.state },
        ));
      await precondition(ROOT_CAUSES.media, () => moreAudio(p.impl, call.id));
      expectNumber20(s.impl, "The implementation");
      for (const s of log.of(call.id)) {
        if (s.e2ee.number !== null) expectNumber20(s, "The implementation (at some moment of the call)");
      }
      log.stop();
    },
  })
);

export default cases;
