/**
 * SPEC §8 confirm-tamper (§5.9): the service flips one bit of each key-confirmation tag it forwards; both endpoints
 * MUST end the call with E2EE_CONFIRM_FAILED and never show the indicator. A call without confirmation (an endpoint on
 * protocol 1) is not altered.
 */
import { base64urlDecode, base64urlEncode } from "../../crypto/mod.ts";
import { defineMode } from "./types.ts";

export const confirmTamper = defineMode({
  mode: "confirm-tamper",
  summary: "flips one bit of every key-confirmation tag it forwards",
  play: (ctx) => ({
    confirm(from, tag) {
      const bytes = base64urlDecode(tag);
      bytes[ctx.seed % bytes.length]! ^= 1 << (ctx.seed % 8);
      const out = base64urlEncode(bytes);
      ctx.act("tamper-confirm", { from, tag, to: out });
      return out;
    },
  }),
});
