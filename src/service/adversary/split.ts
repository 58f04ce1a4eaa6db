/**
 * SPEC §8 split: `mitm` toward one party and a standard call toward the other. The seed chooses the party under mitm
 * (even: the caller, odd: the callee). Toward it the service plays the other party's side of the handshake with its
 * own key and a processor leg's certificate, and confirms on that leg (§5.9); toward the other party it runs a
 * standard call (no `e2ee` in its invite or `accepted`, topology `processor`). The two processor legs are bridged.
 * Each side's checks pass on its own leg, so no endpoint can detect this alone; what protects the users is that the
 * standard-call side never shows the indicator (V1), so the two cannot find equal numbers (V2).
 */
import { base64urlEncode, chooseVersion } from "../../crypto/mod.ts";
import { callerLegFp, forgeCommit, legConfirm, loggedKeys, mitmSecrets } from "./_mitm_leg.ts";
import { offeredVersions } from "./_v3.ts";
import { targetSide } from "./outcome.ts";
import { type AdversaryPlay, defineMode } from "./types.ts";

export const split = defineMode({
  mode: "split",
  summary: "runs mitm toward one party (the seed chooses) and a standard call toward the other",
  outcome: {
    text: "the party under mitm shows the indicator and a number from its own leg (it cannot tell); the party in the " +
      "standard call never shows the indicator or a number (V1), so no two equal numbers can be compared (V2)",
    anyOf: [
      { caller: "e2ee", callee: "none", when: "even seed: the caller under mitm" },
      { caller: "none", callee: "e2ee", when: "odd seed: the callee under mitm" },
    ],
    pick: (seed) => (targetSide(seed) === "caller" ? 0 : 1),
  },
  play: (ctx): AdversaryPlay => {
    const s = mitmSecrets();
    const media = () => Promise.resolve({ via: "processor" as const });
    if (targetSide(ctx.seed) === "caller") {
      return {
        async playCallee() {
          // SPEC §5.2: the adversary chooses the version as a callee would: the highest offered that it speaks.
          s.callerCommit = ctx.call.e2ee.commit ?? "";
          s.version = chooseVersion(offeredVersions(ctx.call));
          const fp = await callerLegFp(ctx, s, "split-caller");
          const pk = base64urlEncode(s.toCaller.publicKey);
          ctx.act("split-accept", { to: "caller", pk, fp, version: s.version, keys: loggedKeys(s) });
          return { pk, fp, version: s.version };
        },
        media,
        reveal(pk) {
          s.callerPk = pk;
          ctx.act("absorb-reveal", { from: pk });
          return null; // the callee is in a standard call: it gets no reveal
        },
        confirm(from, tag) {
          if (from !== "caller") return []; // the callee runs no handshake
          const out = legConfirm(ctx, s, "caller", tag);
          return out === null ? null : [{ to: "caller", tag: out }];
        },
        logsProcessorAnswers: true,
      };
    }
    return {
      commit: () => forgeCommit(ctx, s, "split-callee"),
      playCaller() {
        const pk = base64urlEncode(s.toCallee.publicKey);
        ctx.act("split-reveal", { to: "callee", pk });
        return pk;
      },
      media,
      reveal(pk) {
        ctx.act("absorb-reveal", { from: pk }); // a caller in a standard call reveals nothing (§6.1)
        return null;
      },
      confirm(from, tag) {
        if (from !== "callee") return []; // the caller runs no handshake
        const out = legConfirm(ctx, s, "callee", tag);
        return out === null ? null : [{ to: "callee", tag: out }];
      },
      logsProcessorAnswers: true,
    };
  },
});
