/**
 * SPEC §8 confirm-strip, §5.9: the service forwards no `confirm` at all. Neither side ever holds a verified peer tag,
 * so neither shows the indicator or sends RTP media, and the call ends by the confirmation deadline.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectNeverShown } from "../../verify.ts";
import { callUnder, expectByDeadline, expectHungUpWith, expectNoRtpFrom } from "../_confirm.ts";
import { ROLES, roleTag } from "../_roles.ts";

const requirement =
  "both sides end `E2EE_CONFIRM_FAILED` by their deadline, no indicator, and no RTP media from either endpoint";

// Catches an endpoint that shows the indicator, or sends media, without a verified peer tag (confirmation skipped
// when the tag never comes), and a caller with no confirmation deadline.
const cases: Case[] = ROLES.map((as) =>
  defineCase({
    id: `verify.confirm-strip.${as}`,
    clause: "§8",
    level: "MUST",
    title: `With every confirm removed, the implementation (${as}) shows nothing, sends no RTP media` +
      (as === "caller" ? " and hangs up with E2EE_CONFIRM_FAILED by its deadline" : ", and the call ends"),
    requirement,
    tags: ["verify", "e2ee", "adversary", "confirm", "wire", roleTag(as)],
    async run(h) {
      const u = await callUnder(h, "confirm-strip", as);
      expectNeverShown(u.states, "The implementation");
      expectNoRtpFrom(u.rec, as);
      // The caller sent its confirm first, so its deadline fires first: only the caller's own hang-up is observable.
      if (as === "caller") {
        expectHungUpWith(u.rec, as, u.impl, "E2EE_CONFIRM_FAILED");
        expectByDeadline(u.rec, as);
      }
    },
  })
);

export default cases;
