/**
 * Test vectors of key confirmation (SPEC §5.9), as committed in fixtures/vectors/confirm.json: deterministic inputs
 * (a shared secret and a transcript hash each), the two confirm keys and the two tags, and a tag that must not verify.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { CONFIRM_AAD_LABEL, CONFIRM_CALLEE_LABEL, CONFIRM_CALLER_LABEL, confirmKeys, ownConfirm } from "./confirm.ts";

/** One vector: hex inputs and outputs. */
export interface ConfirmVector {
  name: string;
  ss: string;
  th: string;
  callerKey: string;
  calleeKey: string;
  callerTag: string;
  calleeTag: string;
  /** A tag that MUST be rejected by both sides (the caller's tag with its last bit flipped). */
  badTag: string;
}

/** The vector file. */
export interface ConfirmVectorFile {
  spec: string;
  labels: { caller: string; callee: string; aad: string };
  aead: string;
  vectors: ConfirmVector[];
}

const seed = (s: string) => sha256(new TextEncoder().encode(s));

/** Builds the vectors from their fixed seeds. */
export function generateConfirmVectors(): ConfirmVectorFile {
  const vectors = ["honest-call", "second-call", "mitm-caller-leg"].map((name) => {
    const ss = seed(`ShieldCall confirm vector ${name} ss`);
    const th = seed(`ShieldCall confirm vector ${name} th`);
    const keys = confirmKeys(ss, th);
    const callerTag = ownConfirm("caller", keys, th);
    const calleeTag = ownConfirm("callee", keys, th);
    const bad = callerTag.slice();
    bad[bad.length - 1]! ^= 1;
    return {
      name,
      ss: bytesToHex(ss),
      th: bytesToHex(th),
      callerKey: bytesToHex(keys.caller),
      calleeKey: bytesToHex(keys.callee),
      callerTag: bytesToHex(callerTag),
      calleeTag: bytesToHex(calleeTag),
      badTag: bytesToHex(bad),
    };
  });
  return {
    spec: "SPEC §5.9 key confirmation, protocol version 2",
    labels: { caller: CONFIRM_CALLER_LABEL, callee: CONFIRM_CALLEE_LABEL, aad: CONFIRM_AAD_LABEL },
    aead:
      "AES-256-GCM, nonce 12 zero bytes, empty plaintext, AAD = LP(aad label) ‖ LP(th); the tag is the 16-byte output",
    vectors,
  };
}
