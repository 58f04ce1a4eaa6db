/**
 * Identifiers the reference peer chooses: the caller-chosen call id (SPEC §6) and the default speech digits (SPEC §11).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { base64urlEncode } from "../crypto/mod.ts";

/** 22 random base64url characters (16 bytes), the caller-chosen call id (SPEC §6 `invite`). */
export function randomCallId(): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(16)));
}

/** Six digits derived from a user id: the default speech of a peer (SPEC §11). */
export function speechFor(userId: string): string {
  const h = sha256(new TextEncoder().encode(`ShieldCall speech ${userId}`));
  return Array.from(h.subarray(0, 6), (b) => String(b % 10)).join("");
}
