/**
 * SPEC §8 mitm: toward the callee the service commits to its own key and the processor's certificate, gives the
 * caller its own key in place of the callee's, and anchors both sides at the processor; the call works, the two
 * numbers differ. The adversary's keys are logged so the suite can compute the number each leg MUST show.
 */
import {
  base64urlEncode,
  commitment,
  fingerprintFromSdp,
  fingerprintToBytes,
  generateKeyPair,
} from "../../crypto/mod.ts";
import { forgeMitmConfirm } from "../adversary_confirm.ts";
import type { MitmSecrets } from "../adversary_confirm.ts";
import { offeredVersions } from "./_v3.ts";
import { defineMode } from "./types.ts";

export const mitm = defineMode({
  mode: "mitm",
  summary: "substitutes its own keys and anchors the media at the processor: the numbers differ",
  outcome: {
    text: "the call works and the two numbers differ (V2)",
    anyOf: [{ caller: "e2ee", callee: "e2ee", numbers: "differ" }],
  },
  play: (ctx) => {
    const toCallee = generateKeyPair();
    const toCaller = generateKeyPair();
    // SPEC §5.9: what the adversary needs to confirm toward each side on that side's leg.
    const secrets: MitmSecrets = {
      toCallee,
      toCaller,
      forgedCommit: "",
      fpToCallee: "",
      fpToCaller: null,
      callerCommit: "",
      callerPk: null,
    };
    return {
      async commit(callerCommit) {
        secrets.callerCommit = callerCommit;
        const fp = fingerprintFromSdp(await ctx.anchorCallee("mitm-callee"));
        const versions = offeredVersions(ctx.call);
        const forged = base64urlEncode(commitment(ctx.call.id, versions, toCallee.publicKey, fingerprintToBytes(fp)));
        secrets.forgedCommit = forged;
        secrets.fpToCallee = fp;
        ctx.act("forge-commit", {
          fingerprint: fp,
          commit: forged,
          versions,
          keys: {
            toCallee: { pk: base64urlEncode(toCallee.publicKey), sk: base64urlEncode(toCallee.privateKey) },
            toCaller: { pk: base64urlEncode(toCaller.publicKey), sk: base64urlEncode(toCaller.privateKey) },
          },
        });
        return forged;
      },
      keyToCaller() {
        ctx.act("substitute-pk");
        return base64urlEncode(toCaller.publicKey);
      },
      async fpToCaller(fp) {
        // Protocol 3: the caller binds the fingerprint of accept, so it gets the processor leg's that will answer it.
        if (!ctx.anchorCaller) throw new Error("mitm needs the caller's processor leg before the caller's offer");
        const out = await ctx.anchorCaller("mitm-caller");
        secrets.fpToCaller = out;
        ctx.act("substitute-fp", { from: fp, to: out });
        return out;
      },
      media: () => Promise.resolve({ via: "processor" as const }),
      reveal(pk) {
        const out = base64urlEncode(toCallee.publicKey);
        secrets.callerPk = pk;
        ctx.act("substitute-reveal", { from: pk, to: out });
        return { pk: out };
      },
      confirm(from, tag) {
        const out = forgeMitmConfirm(ctx.call, secrets, from);
        if (out !== null) ctx.act("forge-confirm", { from, tag, to: out });
        return out;
      },
      logsProcessorAnswers: true,
    };
  },
});
