/**
 * SPEC §8 mitm: toward the callee the service commits to its own key and the processor's certificate, gives the
 * caller its own key in place of the callee's, and anchors both sides at the processor; the call works, the two
 * numbers differ. The adversary's keys are logged so the suite can compute the number each leg MUST show.
 */
import { base64urlEncode } from "../../crypto/mod.ts";
import { callerLegFp, forgeCommit, legConfirm, mitmSecrets } from "./_mitm_leg.ts";
import { mitmReseal } from "./_mitm_sframe.ts";
import { otherRole } from "./outcome.ts";
import { defineMode } from "./types.ts";

export const mitm = defineMode({
  mode: "mitm",
  summary: "substitutes its own keys and anchors the media at the processor: the numbers differ",
  outcome: {
    text: "the call works and the two numbers differ (V2)",
    anyOf: [{ caller: "e2ee", callee: "e2ee", numbers: "differ" }],
  },
  play: (ctx) => {
    // SPEC §5.9: what the adversary needs to confirm toward each side on that side's leg.
    const secrets = mitmSecrets();
    return {
      commit(callerCommit) {
        secrets.callerCommit = callerCommit;
        return forgeCommit(ctx, secrets, "mitm-callee");
      },
      keyToCaller() {
        ctx.act("substitute-pk");
        return base64urlEncode(secrets.toCaller.publicKey);
      },
      async fpToCaller(fp) {
        const out = await callerLegFp(ctx, secrets, "mitm-caller");
        ctx.act("substitute-fp", { from: fp, to: out });
        return out;
      },
      media: () => Promise.resolve({ via: "processor" as const }),
      reveal(pk) {
        const out = base64urlEncode(secrets.toCallee.publicKey);
        secrets.callerPk = pk;
        ctx.act("substitute-reveal", { from: pk, to: out });
        return { pk: out };
      },
      confirm: (from, tag) => legConfirm(ctx, secrets, otherRole(from), tag),
      // SPEC §13.11: in an SFrame call the forwarder re-seals the audio between the legs
      forwarded: mitmReseal(ctx, secrets),
      logsProcessorAnswers: true,
    };
  },
});
