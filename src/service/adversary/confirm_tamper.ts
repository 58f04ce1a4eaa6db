/**
 * SPEC §8 confirm-tamper-caller / confirm-tamper-callee (§5.9): the service flips one bit (chosen by the seed) of the
 * key-confirmation tag it forwards to that side, and forwards the other side's tag unchanged. The side that receives
 * the altered tag MUST end the call with E2EE_CONFIRM_FAILED, never show the indicator and send no RTP media.
 */
import { base64urlDecode, base64urlEncode } from "../../crypto/mod.ts";
import type { Role } from "../calls.ts";
import { replacingPeerTag } from "./_peer_tag.ts";
import { directional, endsToward } from "./outcome.ts";
import { type AdversaryContext, defineMode } from "./types.ts";

function tamperToward(to: Role) {
  return (ctx: AdversaryContext) => ({
    confirm(from: Role, tag: string): string {
      if (from === to) return tag; // the tag goes to the other side: forwarded as it is
      const bytes = base64urlDecode(tag);
      bytes[ctx.seed % bytes.length]! ^= 1 << (ctx.seed % 8);
      const out = base64urlEncode(bytes);
      ctx.act("tamper-confirm", { from, to, tag, forwarded: out });
      return out;
    },
  });
}

const tamperOutcome = (to: Role) => ({
  text: `the ${to} ends the call with E2EE_CONFIRM_FAILED, never shows the indicator and sends no RTP media`,
  anyOf: [endsToward(to, "E2EE_CONFIRM_FAILED", "any")],
});

export const confirmTamperCaller = defineMode({
  mode: "confirm-tamper-caller",
  summary: "flips one bit of the key-confirmation tag it forwards to the caller",
  outcome: tamperOutcome("caller"),
  play: tamperToward("caller"),
});

export const confirmTamperCallee = defineMode({
  mode: "confirm-tamper-callee",
  summary: "flips one bit of the key-confirmation tag it forwards to the callee",
  outcome: tamperOutcome("callee"),
  play: tamperToward("callee"),
});

/**
 * SPEC §8 confirm-withhold: one side (the seed chooses: even the caller, odd the callee) never gets its peer's
 * key-confirmation tag (the other direction is forwarded); that side MUST end the call with E2EE_CONFIRM_FAILED at its
 * deadline (§5.9), showing nothing and sending no RTP media while it waits.
 */
export const confirmWithhold = defineMode({
  mode: "confirm-withhold",
  summary: "never forwards one side (the seed chooses) its peer's key-confirmation tag",
  outcome: directional(
    "the side that never gets its peer's tag ends the call with E2EE_CONFIRM_FAILED at its confirmation deadline, " +
      "shows no indicator, and sends no RTP media while it waits",
    "E2EE_CONFIRM_FAILED",
  ),
  play: replacingPeerTag((ctx, from, to, tag) => {
    ctx.act("withhold-confirm", { from, to, tag });
    return []; // never forwarded
  }),
});
