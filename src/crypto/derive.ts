/**
 * One side's derivation from the handshake fields (SPEC §5.2–§5.6, §13.10): the commitment check, the transcript,
 * the shared secret, the key schedule and the number. The handshake classes (handshake.ts) and the vectors use it.
 */
import { constantTimeEqual, expectBytes } from "./_bytes.ts";
import { checkCommitment } from "./commitment.ts";
import { KEY_LENGTH, publicKeyFromPrivate, sharedSecret } from "./keys.ts";
import { formatNumber, numberFromOkm } from "./number.ts";
import { boundFingerprint, checkChosenProfile, committedFingerprint } from "./profiles.ts";
import { keySchedule, type RoleKeys } from "./schedule.ts";
import { encodeTranscript, type TranscriptFields, transcriptHash } from "./transcript.ts";
import { checkChosenVersion } from "./versions.ts";

/** Which end of the call: A is always the caller, B the callee (SPEC §5.1). */
export type Role = "caller" | "callee";

/** Everything one side derives; `number` and `display` are what the user compares (SPEC §5.4–§5.6). */
export interface Verification {
  /** 20 decimal digits (SPEC §5.6). */
  number: string;
  /** `number` as four groups of five digits. */
  display: string;
  transcript: Uint8Array;
  transcriptHash: Uint8Array;
  sharedSecret: Uint8Array;
  okm: Uint8Array;
  /** kA and kB (SPEC §5.9). */
  confirmKeys: RoleKeys;
  /** Per-sender SFrame base keys (SPEC §5.5): callerBaseKey and calleeBaseKey in the sframe profile (§13.3). */
  sframeKeys: RoleKeys;
}

/** Input of `deriveVerification`: the transcript fields as this side saw them, its role and own private key. */
export interface VerificationInput extends TranscriptFields {
  role: Role;
  privateKey: Uint8Array;
}

/**
 * One-shot derivation for one side (SPEC §5.2–§5.6): checks the commitment, computes the transcript, the shared
 * secret, the key schedule and the number. Used by the vector generator; the handshake classes share its second half.
 * With `profiles`/`profile` (SPEC §13.10) it checks the choice and, in the sframe profile, hashes zero fingerprints.
 * @throws ShieldCallError E2EE_COMMITMENT_MISMATCH, E2EE_LOW_ORDER_KEY, E2EE_BAD_KEY, E2EE_BAD_FINGERPRINT,
 *   E2EE_BAD_INPUT, E2EE_BAD_VERSION, E2EE_BAD_PROFILE
 * @throws RangeError when `privateKey` is not the key behind this role's public key
 */
export function deriveVerification(input: VerificationInput): Verification {
  const { role, privateKey } = input;
  if (role !== "caller" && role !== "callee") throw new TypeError(`Unknown role "${String(role)}"`);
  const own = role === "caller" ? input.pkA : input.pkB;
  const peer = role === "caller" ? input.pkB : input.pkA;
  expectBytes("E2EE_BAD_KEY", role === "caller" ? "pkA" : "pkB", own, KEY_LENGTH);
  if (!constantTimeEqual(publicKeyFromPrivate(privateKey), own)) {
    throw new RangeError(`Private key does not match ${role === "caller" ? "pkA" : "pkB"} for role "${role}"`);
  }
  return deriveFromSecret(input, () => sharedSecret(privateKey, peer));
}

/**
 * The derivation after the key check: commitment, transcript, `ss` (from `secret`, which throws for a rejected key),
 * key schedule and number (SPEC §5.2–§5.6). The handshake classes pass a secret computed ahead of time.
 */
export function deriveFromSecret(input: TranscriptFields, secret: () => Uint8Array): Verification {
  const { profiles, profile } = input;
  // SPEC §5.2 (V4), §13.10: check the commitment (zero fpA in an sframe-first offer) before any key is derived
  const committedFpA = committedFingerprint(profiles, input.fpA);
  checkCommitment(input.commit, input.callId, input.versions, input.pkA, committedFpA, profiles);
  // SPEC §5.2: the chosen version must be one offered
  checkChosenVersion(input.versions, input.version);
  // SPEC §13.10 (SF8): the chosen profile must be one offered that completes the offer
  if (profiles !== undefined || profile !== undefined) checkChosenProfile(profiles, profile);
  // SPEC §5.4, §13.10: transcript of every field as this side saw it, in role order; zero fingerprints under sframe
  const fpA = boundFingerprint(profile, input.fpA), fpB = boundFingerprint(profile, input.fpB);
  const transcript = encodeTranscript({ ...input, fpA, fpB });
  const th = transcriptHash(transcript);
  // SPEC §5.3: X25519, rejecting wrong-length and low-order keys
  const ss = secret();
  // SPEC §5.5: HKDF with th as salt and ss as IKM
  const { okm, confirmKeys, sframeKeys } = keySchedule(ss, th);
  // SPEC §5.6: 20 digits, four groups of five
  const number = numberFromOkm(okm);
  return {
    number,
    display: formatNumber(number),
    transcript,
    transcriptHash: th,
    sharedSecret: ss,
    okm,
    confirmKeys,
    sframeKeys,
  };
}
