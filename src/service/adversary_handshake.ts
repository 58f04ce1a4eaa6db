/**
 * Adversary modes on the handshake messages themselves (SPEC §8), kept apart from the media plane's wiring:
 * - `low-order`: the caller receives a low-order X25519 key in place of the callee's (`accepted.e2ee.pk`), so its
 *   shared secret is all zero (§5.3); the caller MUST end the call with E2EE_LOW_ORDER_KEY and show nothing.
 * - `reorder`: the caller's offer reaches the callee before the reveal, and the reveal carries a seeded key other
 *   than the committed one; the callee MUST still check the commitment (§5.2) and end with E2EE_COMMITMENT_MISMATCH.
 */
import { base64urlEncode, LOW_ORDER_PUBLIC_KEYS } from "../crypto/mod.ts";
import { seededBytes } from "../seeded.ts";

/** The handshake-message modes of this module. */
export const HANDSHAKE_MODES = ["low-order", "reorder"] as const;

/** SPEC §5.3: one of the 14 low-order encodings, chosen by the seed, as base64url (canonical, §6). */
export function lowOrderKey(seed: number): string {
  return base64urlEncode(LOW_ORDER_PUBLIC_KEYS[seed % LOW_ORDER_PUBLIC_KEYS.length]!);
}

/** SPEC §8 reorder: the seeded key revealed in place of the caller's (never the committed one, with overwhelming odds). */
export function reorderedRevealKey(seed: number): string {
  return base64urlEncode(seededBytes(seed ^ 0x5eed));
}
