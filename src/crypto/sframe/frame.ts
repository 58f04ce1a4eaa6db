/**
 * One frame's encryption and decryption (RFC 9605 §4.4.3, §4.4.4; SPEC §13.1): `header ‖ AEAD.Encrypt(sframe_key,
 * nonce, header ‖ metadata, plaintext)`. Stateless: counters, key roles and the replay window live in
 * `SFrameContext`. Pure.
 */
import { decodeHeader, encodeHeader, type SFrameHeader } from "./header.ts";
import { aeadDecrypt, aeadEncrypt, type CipherSuite } from "./suites.ts";
import { frameNonce } from "./derive.ts";
import { SFrameDropError } from "./errors.ts";

/** The derived key and salt of one KID (RFC 9605 §4.4.2). */
export interface FrameKey {
  sframeKey: Uint8Array;
  sframeSalt: Uint8Array;
}

const EMPTY = new Uint8Array(0);

function aadOf(header: Uint8Array, metadata: Uint8Array): Uint8Array {
  if (metadata.length === 0) return header;
  const aad = new Uint8Array(header.length + metadata.length);
  aad.set(header);
  aad.set(metadata, header.length);
  return aad;
}

/** RFC 9605 §4.4.3 encrypt(CTR, KID, metadata, plaintext): the SFrame ciphertext. */
export function sealFrame(
  s: CipherSuite,
  key: FrameKey,
  kid: bigint,
  ctr: bigint,
  plaintext: Uint8Array,
  metadata: Uint8Array = EMPTY,
): Uint8Array {
  const header = encodeHeader(kid, ctr);
  const ct = aeadEncrypt(s, key.sframeKey, frameNonce(key.sframeSalt, ctr), aadOf(header, metadata), plaintext);
  const out = new Uint8Array(header.length + ct.length);
  out.set(header);
  out.set(ct, header.length);
  return out;
}

/**
 * RFC 9605 §4.4.4 decrypt(metadata, ciphertext) for a frame whose header is already decoded.
 * @throws SFrameDropError "auth" (SFRAME_AUTH_FAILED) when the tag does not verify or the frame is too short
 */
export function openFrame(
  s: CipherSuite,
  key: FrameKey,
  header: SFrameHeader,
  frame: Uint8Array,
  metadata: Uint8Array = EMPTY,
): Uint8Array {
  const aad = aadOf(frame.subarray(0, header.length), metadata);
  const pt = aeadDecrypt(s, key.sframeKey, frameNonce(key.sframeSalt, header.ctr), aad, frame.subarray(header.length));
  // RFC 9605 §4.4.4: any other failure discards the frame; one opaque message, no detail
  if (!pt) throw new SFrameDropError("auth", "SFrame authentication failed");
  return pt;
}

export { decodeHeader };
