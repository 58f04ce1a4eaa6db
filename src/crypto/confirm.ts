/**
 * Key confirmation, protocol version 2 (SPEC §5.9): each side proves it holds the keys of this call by sending an
 * AES-256-GCM tag over the transcript hash, under a key only the two ends can derive (HKDF from `ss`, §5.5). An
 * endpoint shows the indicator only after the peer's tag verifies; a tag that does not verify ends the call with
 * E2EE_CONFIRM_FAILED. Each confirm key is used for exactly one tag, so the fixed all-zero nonce is never reused.
 */
import { gcm } from "@noble/ciphers/aes.js";
import { ShieldCallError } from "../errors.ts";
import { concat, constantTimeEqual, expectBytes, lp, utf8Field } from "./_bytes.ts";
import { expandFromSecret } from "./schedule.ts";

/** HKDF info of the caller's confirm key (SPEC §5.9). */
export const CONFIRM_CALLER_LABEL = "ShieldCall v2 caller confirm key";
/** HKDF info of the callee's confirm key (SPEC §5.9). */
export const CONFIRM_CALLEE_LABEL = "ShieldCall v2 callee confirm key";
/** Associated-data label of a confirm tag (SPEC §5.9). */
export const CONFIRM_AAD_LABEL = "ShieldCall v2 confirm";
/** Bytes in a confirm tag. */
export const CONFIRM_TAG_LENGTH = 16;

/** The two confirm keys of a call (SPEC §5.9). */
export interface ConfirmKeys {
  caller: Uint8Array;
  callee: Uint8Array;
}

/**
 * `prk = HKDF-Extract(salt = th, IKM = ss)` as in §5.5; the caller's and the callee's confirm keys are HKDF-Expand
 * of `prk` under their own labels, 32 bytes each (SPEC §5.9).
 * @throws ShieldCallError E2EE_LOW_ORDER_KEY for an all-zero `ss`; E2EE_BAD_INPUT for wrong lengths
 */
export function confirmKeys(ss: Uint8Array, th: Uint8Array): ConfirmKeys {
  const [caller, callee] = expandFromSecret(ss, th, [[CONFIRM_CALLER_LABEL, 32], [CONFIRM_CALLEE_LABEL, 32]]);
  return { caller: caller!, callee: callee! };
}

/** SPEC §5.9: `tag = AES-256-GCM(key, nonce = 12 zero bytes, plaintext = empty, AAD = LP(label) ‖ LP(th))`. */
export function confirmTag(key: Uint8Array, th: Uint8Array): Uint8Array {
  expectBytes("E2EE_BAD_INPUT", "confirmKey", key, 32);
  expectBytes("E2EE_BAD_INPUT", "transcriptHash", th, 32);
  const aad = concat(lp(utf8Field("label", CONFIRM_AAD_LABEL)), lp(th));
  return gcm(key, new Uint8Array(12), aad).encrypt(new Uint8Array(0));
}

/** The tag `role` sends in this call (SPEC §5.9). */
export function ownConfirm(role: "caller" | "callee", keys: ConfirmKeys, th: Uint8Array): Uint8Array {
  return confirmTag(role === "caller" ? keys.caller : keys.callee, th);
}

/**
 * Checks the peer's tag in constant time (SPEC §5.9): `role` is this side, so the tag must be the other role's.
 * @throws ShieldCallError E2EE_CONFIRM_FAILED when it does not verify (wrong length included)
 */
export function verifyPeerConfirm(role: "caller" | "callee", keys: ConfirmKeys, th: Uint8Array, tag: Uint8Array): void {
  const expected = confirmTag(role === "caller" ? keys.callee : keys.caller, th);
  if (!(tag instanceof Uint8Array) || tag.length !== CONFIRM_TAG_LENGTH || !constantTimeEqual(expected, tag)) {
    throw new ShieldCallError(
      "E2EE_CONFIRM_FAILED",
      `The ${role === "caller" ? "callee" : "caller"}'s key confirmation did not verify`,
    );
  }
}
