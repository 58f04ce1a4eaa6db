/**
 * SPEC §8 confirm-duplicate, §5.9 (one tag per key): the service forwards the peer's `confirm` to the implementation
 * twice. The second copy, though identical, ends the call with E2EE_CONFIRM_FAILED; no indicator remains on, and no
 * RTP media left the implementation before the first copy reached it.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectIndicatorOff } from "../../verify.ts";
import { callUnder, expectHungUpWith, expectNoMediaBeforeConfirm } from "../_confirm.ts";
import { ROLES, roleTag } from "../_roles.ts";

const requirement =
  "that side ends `E2EE_CONFIRM_FAILED` on the second copy (one tag per key: a second `confirm`, even " +
  "identical, ends the call); no indicator remains on, and no RTP media left it before the first copy";

// Catches an endpoint that ignores a second confirm once one verified (or that checks only the first).
const cases: Case[] = ROLES.map((as) =>
  defineCase({
    id: `verify.confirm-duplicate.${as}`,
    clause: "§8",
    level: "MUST",
    title: `Given the peer's confirm twice, the implementation (${as}) hangs up with E2EE_CONFIRM_FAILED`,
    requirement,
    tags: ["verify", "e2ee", "adversary", "confirm", "wire", roleTag(as)],
    async run(h) {
      const u = await callUnder(h, "confirm-duplicate", as, { waitMs: 12_000 });
      expectHungUpWith(u.rec, as, u.impl, "E2EE_CONFIRM_FAILED");
      expectIndicatorOff(u.end, "After the call ended, the implementation");
      expectNoMediaBeforeConfirm(u.rec, as);
    },
  })
);

export default cases;
