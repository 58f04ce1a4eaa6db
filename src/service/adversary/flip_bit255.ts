/**
 * SPEC §8 flip-bit255 / flip-bit255-accept, §5.3: the service flips bit 255 (the top bit of the last byte) of an
 * honest X25519 key in transit — the caller's revealed key toward the callee, or the callee's key in the caller's
 * `accepted`. X25519 masks that bit (RFC 7748 §5), so the shared secret is unchanged; but the commitment and the
 * transcript carry the key's 32 bytes as received, so the callee's commitment check fails (reveal) or the transcripts
 * differ (accept). An endpoint that masks the bit before those checks sees nothing. No seed: the flip is the same
 * whatever the seed, so every verdict covers the whole input class.
 */
import { base64urlDecode, base64urlEncode } from "../../crypto/mod.ts";
import { endsBoth } from "./outcome.ts";
import { defineMode } from "./types.ts";

/** The key with bit 255 flipped (SPEC §5.3: byte 31, bit 7 of the little-endian u-coordinate). */
export function flipBit255(pk: string): string {
  const b = base64urlDecode(pk);
  b[31] = b[31]! ^ 0x80;
  return base64urlEncode(b);
}

export const flipBit255Reveal = defineMode({
  mode: "flip-bit255",
  summary: "flips bit 255 of the caller's revealed key on its way to the callee",
  outcome: {
    text: "the callee's commitment check fails: it ends E2EE_COMMITMENT_MISMATCH, no indicator on either side (V4)",
    anyOf: [endsBoth("callee", "E2EE_COMMITMENT_MISMATCH")],
  },
  play: (ctx) => ({
    reveal(pk) {
      const out = flipBit255(pk);
      ctx.act("flip-bit255-reveal", { from: pk, to: out });
      return { pk: out };
    },
  }),
});

export const flipBit255Accept = defineMode({
  mode: "flip-bit255-accept",
  summary: "flips bit 255 of the callee's key in the caller's accepted",
  outcome: {
    text: "the transcripts differ (§5.4), so no tag verifies: a side ends E2EE_CONFIRM_FAILED, no indicator " +
      "on either side",
    // Which side's check fails first is a race; either way the other side's call ends with it.
    anyOf: [
      endsBoth("callee", "E2EE_CONFIRM_FAILED", "the callee checks the caller's tag first"),
      endsBoth("caller", "E2EE_CONFIRM_FAILED", "the caller checks the callee's tag first"),
    ],
  },
  play: (ctx) => ({
    keyToCaller(pk) {
      const out = flipBit255(pk);
      ctx.act("flip-bit255-accept", { from: pk, to: out });
      return out;
    },
  }),
});
