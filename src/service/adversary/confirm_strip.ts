/**
 * SPEC §8 confirm-strip: the service forwards no `confirm` at all, in either direction. Each side MUST end the call
 * with E2EE_CONFIRM_FAILED by its confirmation deadline (§5.9), show no indicator and send no RTP media.
 */
import { defineMode } from "./types.ts";

export const confirmStrip = defineMode({
  mode: "confirm-strip",
  summary: "removes every key-confirmation tag, in both directions",
  outcome: {
    text: "both sides end the call with E2EE_CONFIRM_FAILED by their confirmation deadline, no indicator, and no RTP " +
      "media from either endpoint",
    anyOf: [{
      caller: { ends: "E2EE_CONFIRM_FAILED" },
      callee: { ends: "E2EE_CONFIRM_FAILED" },
      noMediaFrom: ["caller", "callee"],
    }],
  },
  play: (ctx) => ({
    confirm(from, tag) {
      ctx.act("strip-confirm", { from, tag });
      return []; // SPEC §8: nothing is forwarded
    },
  }),
});
