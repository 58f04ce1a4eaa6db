/**
 * The handshake transcript each side hashes (SPEC §5.4).
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { ShieldCallError } from "../errors.ts";
import { concat, expectBytes, lp, lpString } from "./_bytes.ts";
import { COMMIT_LENGTH } from "./commitment.ts";
import { type FingerprintInput, toFingerprintBytes } from "./fingerprint.ts";
import { KEY_LENGTH } from "./keys.ts";
import { DEFAULT_PROFILE, profileBytes, profilesBytes } from "./profiles.ts";
import { versionByte, versionsBytes } from "./versions.ts";

/** Label of the transcript (SPEC §5.4). */
export const TRANSCRIPT_LABEL = "ShieldCall v3 transcript";

/** The transcript fields as one side saw them; A is always the caller, B the callee (SPEC §5.4). */
export interface TranscriptFields {
  callId: string;
  callerId: string;
  calleeId: string;
  /** The caller's offered versions, as this side saw them (SPEC §5.1). */
  versions: readonly number[];
  /** The callee's chosen version, as this side saw it (SPEC §5.1). */
  version: number;
  commit: Uint8Array;
  pkA: Uint8Array;
  fpA: FingerprintInput;
  pkB: Uint8Array;
  fpB: FingerprintInput;
  /** The caller's offered media profiles as this side saw them; absent when none were sent (SPEC §13.10). */
  profiles?: readonly string[];
  /** The chosen media profile as this side saw it; absent = "dtls-srtp" (SPEC §13.10). */
  profile?: string;
}

/**
 * `T = LP(label) ‖ LP(callId) ‖ LP(callerId) ‖ LP(calleeId) ‖ LP(versions) ‖ LP(version) ‖ LP(commit)
 * ‖ LP(pkA) ‖ LP(fpA) ‖ LP(pkB) ‖ LP(fpB)` (SPEC §5.4), with `‖ LP(profiles) ‖ LP(profile)` at the end
 * when `profiles` is given (SPEC §13.10). Fingerprints are hashed as given: zero in the sframe profile
 * (`boundFingerprint()`, SPEC §13.10).
 * @throws ShieldCallError E2EE_BAD_KEY, E2EE_BAD_FINGERPRINT, E2EE_BAD_VERSION or E2EE_BAD_INPUT for a bad field;
 *   E2EE_BAD_PROFILE for an unknown `profile`, or `sframe` chosen when no profiles were offered
 */
export function encodeTranscript(f: TranscriptFields): Uint8Array {
  if (typeof f !== "object" || f === null) throw new TypeError("encodeTranscript() needs a fields object");
  expectBytes("E2EE_BAD_INPUT", "commit", f.commit, COMMIT_LENGTH);
  expectBytes("E2EE_BAD_KEY", "pkA", f.pkA, KEY_LENGTH);
  expectBytes("E2EE_BAD_KEY", "pkB", f.pkB, KEY_LENGTH);
  // SPEC §13.10 (SF8): without an offer the choice is dtls-srtp and nothing is appended (the §5.4 bytes exactly)
  if (f.profiles === undefined && f.profile !== undefined && f.profile !== DEFAULT_PROFILE) {
    profileBytes(f.profile); // an unknown name: E2EE_BAD_PROFILE
    throw new ShieldCallError("E2EE_BAD_PROFILE", `The media profile "${f.profile}" was chosen but none was offered`);
  }
  // SPEC §13.10 (SF8): offered and chosen profiles at the end, only when profiles were offered
  const bound = f.profiles === undefined
    ? []
    : [lp(profilesBytes(f.profiles)), lp(profileBytes(f.profile ?? DEFAULT_PROFILE))];
  // SPEC §5.4: fixed role order (caller first), every field LP-encoded (§5.1)
  return concat(
    lpString("label", TRANSCRIPT_LABEL),
    lpString("callId", f.callId),
    lpString("callerId", f.callerId),
    lpString("calleeId", f.calleeId),
    lp(versionsBytes(f.versions)),
    lp(versionByte(f.version)),
    lp(f.commit),
    lp(f.pkA),
    lp(toFingerprintBytes(f.fpA)),
    lp(f.pkB),
    lp(toFingerprintBytes(f.fpB)),
    ...bound,
  );
}

/** `th = H(T)`: SHA-256 of an encoded transcript (SPEC §5.4). */
export function transcriptHash(transcript: Uint8Array): Uint8Array {
  if (!(transcript instanceof Uint8Array)) throw new TypeError("transcriptHash() needs the encoded transcript bytes");
  return sha256(transcript);
}
