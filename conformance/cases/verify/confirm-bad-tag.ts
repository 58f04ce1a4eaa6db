/**
 * SPEC §8 confirm-reflect, confirm-replay, confirm-malformed, §5.9: the service forwards to the implementation, in
 * place of the peer's tag, its own tag reflected, a tag of an earlier call, or a malformed tag. None may verify (a tag
 * is checked under the PEER role's key and label, over this call's transcript, and must be 32 bytes of canonical
 * base64url), so the implementation hangs up with E2EE_CONFIRM_FAILED, never shows the indicator and sends no RTP.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectNeverShown } from "../../verify.ts";
import { callUnder, expectHungUpWith, expectNoRtpFrom } from "../_confirm.ts";
import { ROLES, roleTag } from "../_roles.ts";

const MODES = [
  {
    mode: "confirm-reflect",
    what: "its own tag reflected back",
    requirement: "that side ends `E2EE_CONFIRM_FAILED` (a tag is verified under the peer role's key and label, so an " +
      "endpoint's own tag never verifies), no indicator, no RTP media",
    // Catches an endpoint that verifies the peer's tag under its own role's label or key.
    warmup: false,
  },
  {
    mode: "confirm-replay",
    what: "the peer role's tag from an earlier call",
    requirement:
      "that side ends `E2EE_CONFIRM_FAILED` (the tag binds `th`, which binds the call id), no indicator, no RTP media",
    // Catches an endpoint that accepts a tag not bound to this call's transcript (or any tag at all).
    warmup: true,
  },
  {
    mode: "confirm-malformed",
    what: "a malformed tag (31 bytes, or non-canonical base64url)",
    requirement:
      "that side ends `E2EE_CONFIRM_FAILED` (not ignored as a schema-invalid frame), no indicator, no RTP media",
    // Catches an endpoint that ignores a malformed tag (and then waits, or shows the indicator without a tag).
    warmup: false,
  },
] as const;

const cases: Case[] = MODES.flatMap((m) =>
  ROLES.map((as) =>
    defineCase({
      id: `verify.${m.mode}.${as}`,
      clause: "§8",
      level: "MUST",
      title:
        `Given ${m.what}, the implementation (${as}) hangs up with E2EE_CONFIRM_FAILED, shows nothing, sends no RTP`,
      requirement: m.requirement,
      tags: ["verify", "e2ee", "adversary", "confirm", "wire", roleTag(as)],
      async run(h) {
        const u = await callUnder(h, m.mode, as, { warmup: m.warmup, waitMs: 16_000 });
        expectHungUpWith(u.rec, as, u.impl, "E2EE_CONFIRM_FAILED");
        expectNeverShown(u.states, "The implementation");
        expectNoRtpFrom(u.rec, as);
      },
    })
  )
);

export default cases;
