/**
 * The key schedule: HKDF-SHA256 from the shared secret and the transcript hash (SPEC §5.5, RFC 5869).
 */
import { expand, extract } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { expectBytes, utf8Field } from "./_bytes.ts";
import { checkSharedSecret } from "./keys.ts";

/** HKDF info of the verification-number bytes (SPEC §5.5). */
export const NUMBER_LABEL = "ShieldCall v3 verification number";
/** HKDF info of the caller's and the callee's confirm keys (SPEC §5.5, §5.9). */
export const CONFIRM_KEY_LABELS = Object.freeze({
  caller: "ShieldCall v3 caller confirm key",
  callee: "ShieldCall v3 callee confirm key",
});
/** HKDF info of the reserved per-sender SFrame base keys (SPEC §5.5). */
export const SFRAME_LABELS = Object.freeze({
  caller: "ShieldCall v3 caller SFrame base key",
  callee: "ShieldCall v3 callee SFrame base key",
});
/** Bytes of output keying material behind the verification number (SPEC §5.5). */
export const OKM_LENGTH = 16;
/** Bytes in a confirm key and an SFrame base key (SPEC §5.5). */
export const KEY_BYTES = 32;

/** One key per role. */
export interface RoleKeys {
  caller: Uint8Array;
  callee: Uint8Array;
}

/** What the key schedule yields (SPEC §5.5). */
export interface KeySchedule {
  /** 16 bytes the verification number is made from (SPEC §5.6). */
  okm: Uint8Array;
  /** kA and kB: the confirm keys (SPEC §5.9). */
  confirmKeys: RoleKeys;
  /** 32 bytes per sender reserved for an SFrame profile (RFC 9605); never used for the number. */
  sframeKeys: RoleKeys;
}

/**
 * `prk = HKDF-Extract(salt = th, IKM = ss)`; every output is HKDF-Expand of `prk` under its own label, `info` being
 * the label's raw ASCII bytes (not LP-encoded) (SPEC §5.5).
 * @throws ShieldCallError E2EE_LOW_ORDER_KEY for an all-zero `ss`; E2EE_BAD_INPUT for wrong lengths
 */
export function keySchedule(ss: Uint8Array, th: Uint8Array): KeySchedule {
  // SPEC §5.5: distinct labels, so the number reveals nothing about the confirm or media keys
  const [okm, kA, kB, sA, sB] = expandFromSecret(ss, th, [
    [NUMBER_LABEL, OKM_LENGTH],
    [CONFIRM_KEY_LABELS.caller, KEY_BYTES],
    [CONFIRM_KEY_LABELS.callee, KEY_BYTES],
    [SFRAME_LABELS.caller, KEY_BYTES],
    [SFRAME_LABELS.callee, KEY_BYTES],
  ]);
  return { okm: okm!, confirmKeys: { caller: kA!, callee: kB! }, sframeKeys: { caller: sA!, callee: sB! } };
}

/**
 * HKDF-Expand of `prk = HKDF-Extract(salt = th, IKM = ss)` under each label, to its length, in order (SPEC §5.5).
 * `prk` is wiped before returning.
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
  // SPEC §5.5 (RFC 5869 §2.2): salt is the transcript hash, IKM the shared secret, info the raw label bytes
  const prk = extract(sha256, ss, th);
  const keys = outputs.map(([label, length]) => expand(sha256, prk, utf8Field("label", label), length));
  prk.fill(0);
  return keys;
}
