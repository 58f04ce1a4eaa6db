/**
 * X25519 key pairs and key agreement for the handshake (SPEC §5.3, RFC 7748).
 */
import { x25519 } from "@noble/curves/ed25519.js";
import { ShieldCallError } from "../errors.ts";
import { expectBytes, isAllZero } from "./_bytes.ts";

/** Bytes in an X25519 private key, public key and shared secret. */
export const KEY_LENGTH = 32;

/** An X25519 key pair; the private key never leaves the endpoint (SPEC §5.3). */
export interface KeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

const P = 2n ** 255n - 19n;
/** The u-coordinates of order dividing 8 on Curve25519 and its twist (SPEC §5.3, RFC 7748 §6.1). */
const LOW_ORDER_U: readonly bigint[] = [
  0n,
  1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n, // order 8
  39382357235489614581723060781553021112529911719440698176882885853963445705823n, // order 8
  P - 1n,
];

function encodeLE(n: bigint): Uint8Array {
  const out = new Uint8Array(KEY_LENGTH);
  for (let i = 0; i < KEY_LENGTH; i++) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/**
 * Every 32-byte public key that yields an all-zero shared secret with any clamped private key (SPEC §5.3):
 * the five low-order u values, the non-canonical encodings p and p+1 (of 0 and 1), each with bit 255
 * clear and set: 14 encodings, the set libsodium rejects (RFC 7748 §6.1, cr.yp.to/ecdh.html#validate).
 */
export const LOW_ORDER_PUBLIC_KEYS: readonly Uint8Array[] = (() => {
  const values = [...LOW_ORDER_U, P, P + 1n];
  const out: Uint8Array[] = [];
  for (const v of values) out.push(encodeLE(v));
  for (const v of values) out.push(encodeLE(v + 2n ** 255n));
  return out;
})();

/** True when `publicKey`, with bit 255 masked and reduced mod p, is a low-order u value (SPEC §5.3). */
export function isLowOrderPublicKey(publicKey: Uint8Array): boolean {
  expectBytes("E2EE_BAD_KEY", "publicKey", publicKey, KEY_LENGTH);
  let u = 0n;
  // RFC 7748 §5: little-endian, mask bit 255, accept non-canonical values mod p
  for (let i = KEY_LENGTH - 1; i >= 0; i--) {
    u = (u << 8n) | BigInt(i === KEY_LENGTH - 1 ? publicKey[i]! & 0x7f : publicKey[i]!);
  }
  return LOW_ORDER_U.includes(u % P);
}

/** The X25519 public key of a 32-byte private key (RFC 7748 §6.1, clamped). */
export function publicKeyFromPrivate(privateKey: Uint8Array): Uint8Array {
  // SPEC §5.3: keys are 32 bytes
  expectBytes("E2EE_BAD_KEY", "privateKey", privateKey, KEY_LENGTH);
  return x25519.getPublicKey(privateKey);
}

/**
 * A fresh X25519 key pair (SPEC §5.3, V3: one per call).
 * @param random optional byte source (tests and vectors only); defaults to the platform CSPRNG
 */
export function generateKeyPair(random?: (length: number) => Uint8Array): KeyPair {
  const privateKey = random === undefined ? x25519.utils.randomSecretKey() : random(KEY_LENGTH);
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== KEY_LENGTH) {
    throw new RangeError(`Random source returned the wrong length: expected ${KEY_LENGTH} bytes`);
  }
  return { privateKey: privateKey.slice(), publicKey: publicKeyFromPrivate(privateKey) };
}

/**
 * `ss = X25519(privateKey, peerPublicKey)` (SPEC §5.3).
 * @throws ShieldCallError E2EE_BAD_KEY when a key is not 32 bytes
 * @throws ShieldCallError E2EE_LOW_ORDER_KEY when the peer key is low order (the shared secret would be all zero)
 */
export function sharedSecret(privateKey: Uint8Array, peerPublicKey: Uint8Array): Uint8Array {
  // SPEC §5.3: a key that is not 32 bytes is rejected with E2EE_BAD_KEY
  expectBytes("E2EE_BAD_KEY", "privateKey", privateKey, KEY_LENGTH);
  expectBytes("E2EE_BAD_KEY", "peerPublicKey", peerPublicKey, KEY_LENGTH);
  // SPEC §5.3: a low-order peer key gives an all-zero ss; reject it before the ladder (public data only)
  if (isLowOrderPublicKey(peerPublicKey)) throw lowOrder();
  let ss: Uint8Array;
  try {
    ss = x25519.getSharedSecret(privateKey, peerPublicKey);
  } catch {
    // noble rejects low-order inputs itself; the lengths were checked above, so this is the same condition
    throw lowOrder();
  }
  // SPEC §5.3: reject an all-zero shared secret (low-order key), whatever found it
  checkSharedSecret(ss);
  return ss;
}

/**
 * Throws unless `ss` is a 32-byte, not all-zero shared secret (SPEC §5.3).
 * @throws ShieldCallError E2EE_LOW_ORDER_KEY for an all-zero secret
 */
export function checkSharedSecret(ss: Uint8Array): void {
  expectBytes("E2EE_BAD_INPUT", "sharedSecret", ss, KEY_LENGTH);
  // SPEC §5.3 (RFC 7748 §6.1): an all-zero shared secret means a low-order peer key
  if (isAllZero(ss)) throw lowOrder();
}

function lowOrder(): ShieldCallError {
  return new ShieldCallError("E2EE_LOW_ORDER_KEY", "Shared secret is all zero: peer key is low order");
}
