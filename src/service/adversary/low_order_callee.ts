/**
 * SPEC §8 low-order-callee: the service commits toward the callee to a low-order X25519 key and the processor's
 * certificate, reveals that key and offers from the processor, so the callee's commitment check passes and its shared
 * secret is all zero (§5.3); the callee MUST end the call with E2EE_LOW_ORDER_KEY and show nothing. The caller gets
 * the fingerprint of its own processor leg, so that only the callee's check decides how the call ends.
 */
import {
  base64urlDecode,
  base64urlEncode,
  commitment,
  fingerprintFromSdp,
  fingerprintToBytes,
} from "../../crypto/mod.ts";
import { lowOrderKey } from "./low_order.ts";
import { offeredVersions } from "./_v3.ts";
import { defineMode } from "./types.ts";

export const lowOrderCallee = defineMode({
  mode: "low-order-callee",
  summary: "commits toward the callee to a low-order key and reveals it",
  outcome: {
    text: "the callee's shared secret is all zero: it ends with E2EE_LOW_ORDER_KEY and never shows the indicator",
    anyOf: [{ caller: "none", callee: { ends: "E2EE_LOW_ORDER_KEY" } }],
  },
  play: (ctx) => {
    const key = lowOrderKey(ctx.seed);
    return {
      async commit() {
        const fp = fingerprintFromSdp(await ctx.anchorCallee("low-order-callee"));
        const forged = base64urlEncode(
          commitment(ctx.call.id, offeredVersions(ctx.call), base64urlDecode(key), fingerprintToBytes(fp)),
        );
        ctx.act("forge-commit", { fingerprint: fp, commit: forged, pk: key });
        return forged;
      },
      async fpToCaller(fp) {
        // SPEC §8: the caller binds the processor leg that answers it, so it never ends the call (its check of the
        // answer's fingerprint, §6.1) before the callee's own low-order check has run.
        if (!ctx.anchorCaller) throw new Error("low-order-callee needs the caller's processor leg before its offer");
        const out = await ctx.anchorCaller("low-order-callee-caller");
        ctx.act("substitute-fp", { from: fp, to: out });
        return out;
      },
      media: () => Promise.resolve({ via: "processor" as const }),
      reveal(pk) {
        ctx.act("low-order-reveal", { from: pk, to: key });
        return { pk: key };
      },
      logsProcessorAnswers: true,
    };
  },
});
