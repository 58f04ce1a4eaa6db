/**
 * The format of fixtures/vectors/encoding.json (SPEC §5.1, §5.3, §5.6, §5.7) and the functions an implementation
 * exposes to be checked against it: the types of encoding_vectors.ts, the generator and verifier (src/crypto/mod.ts
 * offers both).
 */

/** A base64url string and the bytes it decodes to (hex), or `valid: false`. */
export interface Base64Case {
  name: string;
  input: string;
  valid: boolean;
  bytes?: string;
}
/** A private key and a received public key: the shared secret (hex), or the error code. */
export interface KeyCase {
  name: string;
  privateKey: string;
  publicKey: string;
  sharedSecret?: string;
  error?: string;
}
/** A handshake step called with one field of the wrong length: the error code it must raise. */
export interface LengthCase {
  name: string;
  step: LengthStep;
  field: string;
  length: number;
  error: string;
}
/** User input and the 20-digit number it parses to, or the error code. */
export interface NumberCase {
  name: string;
  input: string;
  number?: string;
  error?: string;
}
/** An SDP and the normal-form fingerprint it carries, or the error code. */
export interface FingerprintCase {
  name: string;
  sdp: string;
  fingerprint?: string;
  error?: string;
}

/** The steps a length case can call. */
export type LengthStep = "sharedSecret" | "commitment" | "checkCommitment" | "transcript";

/** The file fixtures/vectors/encoding.json. */
export interface EncodingVectorFile {
  version: 1;
  description: string;
  base64url: Base64Case[];
  keys: KeyCase[];
  lengths: LengthCase[];
  numbers: NumberCase[];
  fingerprints: FingerprintCase[];
}

/** The functions an implementation exposes to be checked; each throws an error with a `code` on refusal. */
export interface EncodingImpl {
  base64urlDecode(s: string): Uint8Array;
  sharedSecret(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array;
  /** Calls `step` with valid inputs except `field`, which gets `length` bytes. */
  lengthStep(step: LengthStep, field: string, length: number): void;
  parseNumber(input: string): string;
  fingerprintFromSdp(sdp: string): string;
}
