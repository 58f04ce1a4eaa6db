/**
 * The caller's commitment to its offered versions, key and fingerprint (SPEC §5.2, V4).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { ShieldCallError } from "../errors.ts";
import { concat, constantTimeEqual, expectBytes, lp, lpString } from "./_bytes.ts";
import { type FingerprintInput, toFingerprintBytes } from "./fingerprint.ts";
import { KEY_LENGTH } from "./keys.ts";
import { profilesBytes } from "./profiles.ts";
import { versionsBytes } from "./versions.ts";

/** Label of the commitment hash (SPEC §5.2). */
export const COMMIT_LABEL = "ShieldCall v3 commit";
/** Bytes in a commitment. */
export const COMMIT_LENGTH = 32;

/**
 * `commit = H(LP("ShieldCall v3 commit") ‖ LP(callId) ‖ LP(versions) ‖ LP(pkA) ‖ LP(fpA))` (SPEC §5.2), with
 * `‖ LP(profiles)` at the end when `profiles` is given (SPEC §13.10). `fpA` is hashed as given: in an sframe-first
 * offer it is the zero fingerprint (`committedFingerprint()`, SPEC §13.10).
 * @throws ShieldCallError E2EE_BAD_KEY (pkA not 32 bytes), E2EE_BAD_FINGERPRINT, E2EE_BAD_INPUT (bad callId, versions,
 *   profiles)
 */
export function commitment(
  callId: string,
  versions: readonly number[],
  pkA: Uint8Array,
  fpA: FingerprintInput,
  profiles?: readonly string[],
): Uint8Array {
  expectBytes("E2EE_BAD_KEY", "pkA", pkA, KEY_LENGTH);
  const fp = toFingerprintBytes(fpA);
  // SPEC §5.2: fields in this order, each LP-encoded (§5.1); versions one byte each
  const fields = [lpString("label", COMMIT_LABEL), lpString("callId", callId), lp(versionsBytes(versions)), lp(pkA)];
  fields.push(lp(fp));
  // SPEC §13.10 (SF8): offered profiles at the end, only when offered (otherwise the §5.2 bytes exactly)
  if (profiles !== undefined) fields.push(lp(profilesBytes(profiles)));
  return sha256(concat(...fields));
}

/**
 * Checks a received commitment against the offered versions (and profiles, SPEC §13.10) as received, the revealed
 * `pkA` and the `fpA` from the caller's offer, in constant time (SPEC §5.2, V4).
 * @throws ShieldCallError E2EE_COMMITMENT_MISMATCH when they differ; E2EE_BAD_INPUT when `commit` is not 32 bytes
 */
export function checkCommitment(
  commit: Uint8Array,
  callId: string,
  versions: readonly number[],
  pkA: Uint8Array,
  fpA: FingerprintInput,
  profiles?: readonly string[],
): void {
  expectBytes("E2EE_BAD_INPUT", "commit", commit, COMMIT_LENGTH);
  const expected = commitment(callId, versions, pkA, fpA, profiles);
  // SPEC §5.2 (V4): recompute and compare in constant time; a mismatch ends the call before any key is derived
  if (!constantTimeEqual(commit, expected)) {
    throw new ShieldCallError(
      "E2EE_COMMITMENT_MISMATCH",
      `Commitment mismatch for call "${callId}": offered versions, revealed key and fingerprint do not match it`,
    );
  }
}
