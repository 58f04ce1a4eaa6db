/**
 * SPEC §8 anchor: the handshake is forwarded honestly but the callee's media is anchored at the processor, whose
 * certificate is not the one the caller committed to; the callee's check over fpA MUST fail.
 */
import { defineMode } from "./types.ts";

export const anchor = defineMode({
  mode: "anchor",
  summary: "keeps the handshake but anchors the media at the processor",
  outcome: {
    text: "the callee ends with E2EE_COMMITMENT_MISMATCH (or the caller first, with E2EE_FINGERPRINT_MISMATCH); the " +
      "caller never shows the indicator, sends no media, and its call ends (M3, §5.9)",
    anyOf: [
      { caller: "ended", callee: { ends: "E2EE_COMMITMENT_MISMATCH" }, when: "the callee checks first" },
      { caller: { ends: "E2EE_FINGERPRINT_MISMATCH" }, callee: "ended", when: "the processor's answer comes first" },
    ],
  },
  play: (ctx) => ({
    async media() {
      await ctx.anchorCallee("anchor-callee");
      ctx.act("anchor-at-processor");
      return { via: "processor" as const };
    },
    logsProcessorAnswers: true,
  }),
});
