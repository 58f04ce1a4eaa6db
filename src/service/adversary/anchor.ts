/**
 * SPEC §8 anchor: the handshake is forwarded honestly but the callee's media is anchored at the processor, whose
 * certificate is not the one the caller committed to; the callee's check over fpA MUST fail.
 */
import { defineMode } from "./types.ts";

export const anchor = defineMode({
  mode: "anchor",
  summary: "keeps the handshake but anchors the media at the processor",
  play: (ctx) => ({
    async media() {
      await ctx.anchorCallee("anchor-callee");
      ctx.act("anchor-at-processor");
      return { via: "processor" as const };
    },
    logsProcessorAnswers: true,
  }),
});
