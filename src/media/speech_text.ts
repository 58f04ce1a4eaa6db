/**
 * The text a party speaks by default (SPEC §11.1 SM2): six digits derived from its user id, so any receiver — the
 * other party, the processor's captions, a conformance case — knows what it must hear without a side channel.
 */
import { sha256 } from "@noble/hashes/sha2.js";

/** Six digits derived from a user id: the default speech of a party (SHA-256 of "ShieldCall speech <userId>"). */
export function speechFor(userId: string): string {
  const h = sha256(new TextEncoder().encode(`ShieldCall speech ${userId}`));
  return Array.from(h.subarray(0, 6), (b) => String(b % 10)).join("");
}
