/** SPEC §8 strip: the E2EE fields are removed from the invite and the accept, a downgrade to a standard call. */
import { defineMode } from "./types.ts";

export const strip = defineMode({
  mode: "strip",
  summary: "removes the commitment and the callee's key: a downgrade to a standard call",
  outcome: {
    text: "downgraded to a standard call, no indicator on either side (V1, P4)",
    anyOf: [{ caller: "none", callee: "none" }],
  },
  play: (ctx) => ({
    commit: () => {
      ctx.act("strip-commit");
      return Promise.resolve(null);
    },
    calleeKey: () => {
      ctx.act("strip-pk");
      return null;
    },
  }),
});
