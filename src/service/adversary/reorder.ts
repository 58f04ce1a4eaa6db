/**
 * SPEC §8 reorder: the caller's offer reaches the callee before the reveal, and the reveal carries a seeded key other
 * than the committed one; the callee MUST still check the commitment (§5.2) and end with E2EE_COMMITMENT_MISMATCH.
 */
import { base64urlEncode } from "../../crypto/mod.ts";
import { seededBytes } from "../../seeded.ts";
import { defineMode } from "./types.ts";

/** The seeded key revealed in place of the caller's (never the committed one, with overwhelming odds). */
export function reorderedRevealKey(seed: number): string {
  return base64urlEncode(seededBytes(seed ^ 0x5eed));
}

export const reorder = defineMode({
  mode: "reorder",
  summary: "delivers the caller's offer before a forged reveal",
  outcome: {
    text: "the callee checks the commitment whatever the order, ends with E2EE_COMMITMENT_MISMATCH, shows nothing (V4)",
    anyOf: [{ caller: "none", callee: { ends: "E2EE_COMMITMENT_MISMATCH" } }],
  },
  play: (ctx) => ({
    reveal(pk) {
      const out = reorderedRevealKey(ctx.seed);
      ctx.act("hold-reveal", { from: pk, to: out });
      return { pk: out, hold: true };
    },
  }),
});
