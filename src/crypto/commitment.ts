/**
 * The caller's commitment to its key and fingerprint (SPEC §5.2, V4).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { ShieldCallError } from "../errors.ts";
import { concat, constantTimeEqual, expectBytes, lp, lpString } from "./_bytes.ts";
import { type FingerprintInput, toFingerprintBytes } from "./fingerprint.ts";
import { KEY_LENGTH } from "./keys.ts";

/** Label of the commitment hash (SPEC §5.2). */
export const COMMIT_LABEL = "ShieldCall v1 commit";
/** Bytes in a commitment. */
export const COMMIT_LENGTH = 32;

/**
 * `commit = H(LP("ShieldCall v1 commit") ‖ LP(callId) ‖ LP(pkA) ‖ LP(fpA))` (SPEC §5.2).
 * @throws ShieldCallError E2EE_BAD_KEY (pkA not 32 bytes), E2EE_BAD_FINGERPRINT, E2EE_BAD_INPUT (bad callId)
 */
export function commitment(callId: string, pkA: Uint8Array, fpA: FingerprintInput): Uint8Array {
  expectBytes("E2EE_BAD_KEY", "pkA", pkA, KEY_LENGTH);
  const fp = toFingerprintBytes(fpA);
  // SPEC §5.2: fields in this order, each LP-encoded (§5.1)
  return sha256(concat(lpString("label", COMMIT_LABEL), lpString("callId", callId), lp(pkA), lp(fp)));
}

/**
 * Checks a received commitment against the revealed `pkA` and the `fpA` from the caller's SDP, in constant time
 * (SPEC §5.2, V4).
 * @throws ShieldCallError E2EE_COMMITMENT_MISMATCH when they differ; E2EE_BAD_INPUT when `commit` is not 32 bytes
 */
export function checkCommitment(commit: Uint8Array, callId: string, pkA: Uint8Array, fpA: FingerprintInput): void {
  expectBytes("E2EE_BAD_INPUT", "commit", commit, COMMIT_LENGTH);
  const expected = commitment(callId, pkA, fpA);
  // SPEC §5.2 (V4): recompute and compare in constant time; a mismatch ends the call before any key is derived
  if (!constantTimeEqual(commit, expected)) {
    throw new ShieldCallError(
      "E2EE_COMMITMENT_MISMATCH",
      `Commitment mismatch for call "${callId}": revealed key and fingerprint do not match the commitment`,
    );
  }
}
