/**
 * SPEC §8 confirm-reflect: toward one side (the seed chooses: even the caller, odd the callee) the service sends that
 * side's own `confirm` tag back in place of the peer's. A tag is verified under the PEER role's key and label (§5.9),
 * so the side MUST end the call with E2EE_CONFIRM_FAILED, show no indicator and send no RTP media.
 */
import { directional, otherRole, targetSide } from "./outcome.ts";
import { defineMode } from "./types.ts";

export const confirmReflect = defineMode({
  mode: "confirm-reflect",
  summary: "sends one side its own key-confirmation tag back in place of the peer's",
  outcome: directional(
    "the side that gets its own tag back ends the call with E2EE_CONFIRM_FAILED, no indicator, no RTP media",
    "E2EE_CONFIRM_FAILED",
  ),
  play: (ctx) => {
    const to = targetSide(ctx.seed);
    return {
      confirm(from, tag) {
        if (from === to) {
          ctx.act("reflect-confirm", { from, to, tag });
          return [{ to: otherRole(to), tag }, { to, tag }]; // the peer gets it as usual; the sender gets it back
        }
        ctx.act("drop-confirm", { from, tag });
        return []; // the peer's tag is replaced by the reflection
      },
    };
  },
});
