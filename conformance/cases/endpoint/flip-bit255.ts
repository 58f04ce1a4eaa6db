/**
 * SPEC §5.3, §8 flip-bit255 / flip-bit255-accept: the commitment (§5.2) and the transcript (§5.4) carry a received
 * key's 32 bytes as received, never a normalised form, so a service that flips bit 255 of an honest key in transit
 * changes the outcome. Two input classes, one case each, neither depending on the seed (the flip is the same for every
 * seed): the caller's revealed key toward the implementation as callee (its commitment check fails), and the callee's
 * key toward the implementation as caller (its transcript differs from the callee's).
 */
import { defineCase } from "../../case.ts";
import { expectEnded, expectNeverShown, StateLog } from "../../verify.ts";
import { pairUnder } from "../_roles.ts";
import type { As } from "../_roles.ts";
import type { Harness } from "../../harness.ts";
import type { CallState } from "../../../src/protocol/mod.ts";

const requirement =
  "The transcript (§5.4) and the commitment (§5.2) carry the key's 32 bytes as received, never a normalised " +
  "form, so a service that flips bit 255 of a key in transit changes the numbers (V2).";

/** Under `mode`, the implementation as `as` until its call ended or it showed the indicator; every state seen. */
async function underFlip(h: Harness, mode: string, as: As) {
  const p = await pairUnder(h, mode, as);
  const log = new StateLog(p.impl);
  const call = await h.call(p.caller, p.callee, { settle: false });
  const last = await log.until(call.id, (s) => s.state === "ended" || s.e2ee.indicator, 20_000, "the call to settle");
  log.stop();
  return { p, call, last, states: log.of(call.id) as CallState[] };
}

// Catches an endpoint that masks bit 255 of the revealed key before its commitment check (the flipped key then
// matches) — and so, as a side effect, one that rejects a key with bit 255 set instead of checking it (another code).
const asCallee = defineCase({
  id: "handshake.flip-bit255.callee",
  clause: "§5.3",
  level: "MUST",
  title: "A revealed key with bit 255 flipped in transit fails the implementation's (callee's) commitment check",
  requirement,
  tags: ["verify", "e2ee", "adversary", "impl-callee"],
  async run(h) {
    const { last, states } = await underFlip(h, "flip-bit255", "callee");
    expectNeverShown(states, "The implementation (callee, flipped reveal)");
    expectEnded(last, "The implementation (callee, flipped reveal)", "E2EE_COMMITMENT_MISMATCH");
  },
});

// Catches an endpoint that masks bit 255 of the callee's key before it enters its transcript: its transcript then
// equals the callee's, the key confirmation verifies and it shows the indicator with the callee's number.
const asCaller = defineCase({
  id: "handshake.flip-bit255-accept.caller",
  clause: "§5.3",
  level: "MUST",
  title: "The callee's key with bit 255 flipped in transit changes the implementation's (caller's) transcript",
  requirement,
  tags: ["verify", "e2ee", "adversary", "impl-caller"],
  async run(h) {
    const { states } = await underFlip(h, "flip-bit255-accept", "caller");
    // SPEC §5.9: the transcripts differ, so no tag verifies: the caller never shows the indicator or the number.
    expectNeverShown(states, "The implementation (caller, flipped callee key)");
  },
});

export default [asCallee, asCaller];
