/**
 * Identifiers the reference peer chooses: the caller-chosen call id (SPEC §6).
 */
import { base64urlEncode } from "../crypto/mod.ts";

/** 22 random base64url characters (16 bytes), the caller-chosen call id (SPEC §6 `invite`). */
export function randomCallId(): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(16)));
}
