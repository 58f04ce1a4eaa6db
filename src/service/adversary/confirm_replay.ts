/**
 * SPEC §8 confirm-replay: toward one side (the seed chooses: even the caller, odd the callee) the service forwards, in
 * place of the peer's tag, a tag of the peer's role recorded from an earlier call (the newest one; none recorded:
 * nothing is forwarded). The tag binds the transcript hash, which binds the call id (§5.4, §5.9), so the side MUST
 * end the call with E2EE_CONFIRM_FAILED, show no indicator and send no RTP media.
 */
import { replacingPeerTag } from "./_peer_tag.ts";
import { directional } from "./outcome.ts";
import { defineMode } from "./types.ts";

export const confirmReplay = defineMode({
  mode: "confirm-replay",
  summary: "forwards a key-confirmation tag recorded from an earlier call in place of the peer's",
  outcome: directional(
    "the side that gets a tag from an earlier call ends the call with E2EE_CONFIRM_FAILED, no indicator, no RTP media",
    "E2EE_CONFIRM_FAILED",
  ),
  play: replacingPeerTag((ctx, from, to, tag) => {
    const old = (ctx.earlierConfirms?.(from) ?? []).find((t) => t !== tag);
    if (old === undefined) {
      ctx.act("replay-none", { from, to, tag });
      return [];
    }
    ctx.act("replay-confirm", { from, to, tag, forwarded: old });
    return [{ to, tag: old }];
  }),
});
