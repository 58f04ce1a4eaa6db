/**
 * SPEC §8 low-order: the caller receives a low-order X25519 key in place of the callee's (`accepted.e2ee.pk`), so its
 * shared secret is all zero (§5.3); the caller MUST end the call with E2EE_LOW_ORDER_KEY and show nothing.
 */
import { base64urlEncode, LOW_ORDER_PUBLIC_KEYS } from "../../crypto/mod.ts";
import { defineMode } from "./types.ts";

/** SPEC §5.3: one of the low-order encodings, chosen by the seed, as base64url (canonical, §6). */
export function lowOrderKey(seed: number): string {
  return base64urlEncode(LOW_ORDER_PUBLIC_KEYS[seed % LOW_ORDER_PUBLIC_KEYS.length]!);
}

export const lowOrder = defineMode({
  mode: "low-order",
  summary: "gives the caller a low-order key in place of the callee's",
  outcome: {
    text: "the caller ends with E2EE_LOW_ORDER_KEY before it reveals, and never shows the indicator or a number",
    anyOf: [{ caller: { ends: "E2EE_LOW_ORDER_KEY" }, callee: "none" }],
  },
  play: (ctx) => ({
    keyToCaller(pk) {
      const out = lowOrderKey(ctx.seed);
      ctx.act("low-order-pk", { from: pk, to: out });
      return out;
    },
  }),
});
