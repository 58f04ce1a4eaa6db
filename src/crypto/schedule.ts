/**
 * The key schedule: HKDF-SHA256 from the shared secret and the transcript hash (SPEC §5.5, RFC 5869).
 */
import { expand, extract } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { expectBytes, utf8Field } from "./_bytes.ts";
import { checkSharedSecret } from "./keys.ts";

/** HKDF info of the verification-number bytes (SPEC §5.5). */
export const NUMBER_LABEL = "ShieldCall v1 verification number";
/** HKDF info of the reserved SFrame base key (SPEC §5.5). */
export const SFRAME_LABEL = "ShieldCall v1 SFrame base key";
/** Bytes of output keying material behind the verification number (SPEC §5.5). */
export const OKM_LENGTH = 16;
/** Bytes in the SFrame base key (SPEC §5.5). */
export const SFRAME_KEY_LENGTH = 32;

/** What the key schedule yields (SPEC §5.5). */
export interface KeySchedule {
  /** 16 bytes the verification number is made from (SPEC §5.6). */
  okm: Uint8Array;
  /** 32 bytes reserved for an SFrame profile (RFC 9605); never used for the number. */
  sframeBaseKey: Uint8Array;
}

/**
 * `prk = HKDF-Extract(salt = th, IKM = ss)`; `okm` and `sframeBaseKey` are HKDF-Expand of `prk` under two
 * distinct labels (SPEC §5.5).
 * @throws ShieldCallError E2EE_LOW_ORDER_KEY for an all-zero `ss`; E2EE_BAD_INPUT for wrong lengths
 */
export function keySchedule(ss: Uint8Array, th: Uint8Array): KeySchedule {
  // SPEC §5.5: two distinct labels, so the number reveals nothing about the media key
  const [okm, sframeBaseKey] = expandFromSecret(ss, th, [[NUMBER_LABEL, OKM_LENGTH], [
    SFRAME_LABEL,
    SFRAME_KEY_LENGTH,
  ]]);
  return { okm: okm!, sframeBaseKey: sframeBaseKey! };
}

/**
 * HKDF-Expand of `prk = HKDF-Extract(salt = th, IKM = ss)` under each label, to its length, in order (SPEC §5.5;
 * the confirm keys of §5.9 come from the same `prk`). `prk` is wiped before returning.
 * @throws ShieldCallError E2EE_LOW_ORDER_KEY for an all-zero `ss`; E2EE_BAD_INPUT for wrong lengths
 */
export function expandFromSecret(
  ss: Uint8Array,
  th: Uint8Array,
  outputs: ReadonlyArray<readonly [label: string, length: number]>,
): Uint8Array[] {
  // SPEC §5.3: never derive from an all-zero shared secret (defence in depth; sharedSecret() already rejects it)
  checkSharedSecret(ss);
  expectBytes("E2EE_BAD_INPUT", "transcriptHash", th, 32);
  // SPEC §5.5 (RFC 5869 §2.2): salt is the transcript hash, IKM the shared secret
  const prk = extract(sha256, ss, th);
  const keys = outputs.map(([label, length]) => expand(sha256, prk, utf8Field("label", label), length));
  prk.fill(0);
  return keys;
}
