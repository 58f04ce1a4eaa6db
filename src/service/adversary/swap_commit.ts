/** SPEC §8 swap-commit: the reveal carries a seeded key other than the committed one; the callee MUST end the call. */
import { base64urlEncode } from "../../crypto/mod.ts";
import { seededBytes } from "../../seeded.ts";
import { defineMode } from "./types.ts";

export const swapCommit = defineMode({
  mode: "swap-commit",
  summary: "reveals a key other than the committed one",
  outcome: {
    text: "the callee ends the call with E2EE_COMMITMENT_MISMATCH and shows no indicator (V4)",
    anyOf: [{ caller: "none", callee: { ends: "E2EE_COMMITMENT_MISMATCH" } }],
  },
  play: (ctx) => ({
    reveal(pk) {
      const out = base64urlEncode(seededBytes(ctx.seed));
      ctx.act("swap-reveal", { from: pk, to: out });
      return { pk: out };
    },
  }),
});
