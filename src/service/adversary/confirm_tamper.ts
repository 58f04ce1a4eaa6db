/**
 * SPEC §8 confirm-tamper-caller / confirm-tamper-callee (§5.9): the service flips one bit (chosen by the seed) of the
 * key-confirmation tag it forwards to that side, and forwards the other side's tag unchanged. The side that receives
 * the altered tag MUST end the call with E2EE_CONFIRM_FAILED and never show the indicator. A call without
 * confirmation (an endpoint on protocol 1) is not altered.
 */
import { base64urlDecode, base64urlEncode } from "../../crypto/mod.ts";
import { type AdversaryContext, defineMode } from "./types.ts";

function tamperToward(to: "caller" | "callee") {
  return (ctx: AdversaryContext) => ({
    confirm(from: "caller" | "callee", tag: string): string {
      if (from === to) return tag; // the tag goes to the other side: forwarded as it is
      const bytes = base64urlDecode(tag);
      bytes[ctx.seed % bytes.length]! ^= 1 << (ctx.seed % 8);
      const out = base64urlEncode(bytes);
      ctx.act("tamper-confirm", { from, to, tag, forwarded: out });
      return out;
    },
  });
}

export const confirmTamperCaller = defineMode({
  mode: "confirm-tamper-caller",
  summary: "flips one bit of the key-confirmation tag it forwards to the caller",
  play: tamperToward("caller"),
});

export const confirmTamperCallee = defineMode({
  mode: "confirm-tamper-callee",
  summary: "flips one bit of the key-confirmation tag it forwards to the callee",
  play: tamperToward("callee"),
});

/** SPEC §8 confirm-withhold: the callee's key-confirmation tag never reaches the caller (the caller's tag is forwarded). */
export const confirmWithhold = defineMode({
  mode: "confirm-withhold",
  summary: "never forwards the callee's key-confirmation tag to the caller",
  play: (ctx) => ({
    confirm(from: "caller" | "callee", tag: string): string | null {
      if (from === "caller") return tag;
      ctx.act("withhold-confirm", { from, tag });
      return null; // held, and never released (every retry answers null again)
    },
  }),
});
