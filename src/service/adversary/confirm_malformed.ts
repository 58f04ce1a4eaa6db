/**
 * SPEC §8 confirm-malformed: toward one side (the seed chooses: even the caller, odd the callee) the service
 * forwards a malformed tag in place of the peer's: 31 bytes, or 32 bytes whose base64url has non-zero unused trailing
 * bits (non-canonical, §5.1); bit 1 of the seed chooses which. A malformed tag in a `confirm` of the current E2EE call
 * MUST end the call with E2EE_CONFIRM_FAILED (§5.9), not be ignored.
 */
import { base64urlDecode, base64urlEncode } from "../../crypto/mod.ts";
import { replacingPeerTag } from "./_peer_tag.ts";
import { directional } from "./outcome.ts";
import { defineMode } from "./types.ts";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** The malformed form of a 32-byte tag: the seed's bit 1 chooses 31 bytes (clear) or non-canonical text (set). */
export function malformedTag(tag: string, seed: number): { tag: string; kind: "31-bytes" | "non-canonical" } {
  const bytes = base64urlDecode(tag);
  if ((seed >> 1) % 2 === 0) return { tag: base64urlEncode(bytes.subarray(0, 31)), kind: "31-bytes" };
  // SPEC §5.1: 32 bytes take 43 characters with 2 unused bits, which a canonical encoding leaves at zero.
  const text = base64urlEncode(bytes);
  const last = ALPHABET.indexOf(text[text.length - 1]!);
  return { tag: text.slice(0, -1) + ALPHABET[last | 1], kind: "non-canonical" };
}

export const confirmMalformed = defineMode({
  mode: "confirm-malformed",
  summary: "forwards a malformed key-confirmation tag (31 bytes, or non-canonical base64url) in place of the peer's",
  outcome: directional(
    "the side that gets the malformed tag ends the call with E2EE_CONFIRM_FAILED, no indicator, no RTP media",
    "E2EE_CONFIRM_FAILED",
  ),
  play: replacingPeerTag((ctx, from, to, tag) => {
    const out = malformedTag(tag, ctx.seed);
    ctx.act("malformed-confirm", { from, to, tag, forwarded: out.tag, kind: out.kind });
    return [{ to, tag: out.tag }];
  }),
});
