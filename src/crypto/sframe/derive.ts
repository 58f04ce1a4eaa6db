/**
 * Key and salt derivation and the nonce (RFC 9605 §4.4.2, §4.4.3; SPEC §13.3). Pure (@noble/hashes).
 */
import { expand, extract } from "@noble/hashes/hkdf.js";
import type { CipherSuite } from "./suites.ts";
import { expectBytes } from "./errors.ts";

/** What `deriveKeySalt` yields, with its intermediate values (the RFC 9605 Appendix C.3 fields). */
export interface DerivedKey {
  sframeSecret: Uint8Array;
  keyLabel: Uint8Array;
  saltLabel: Uint8Array;
  sframeKey: Uint8Array;
  sframeSalt: Uint8Array;
}

const KEY_PREFIX = new TextEncoder().encode("SFrame 1.0 Secret key ");
const SALT_PREFIX = new TextEncoder().encode("SFrame 1.0 Secret salt ");

/** `prefix + KID (8-byte big-endian) + cipher_suite (2-byte big-endian)` (RFC 9605 §4.4.2). */
function label(prefix: Uint8Array, kid: bigint, suite: number): Uint8Array {
  const out = new Uint8Array(prefix.length + 10);
  out.set(prefix);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(prefix.length, kid, false);
  dv.setUint16(prefix.length + 8, suite, false);
  return out;
}

/**
 * RFC 9605 §4.4.2 derive_key_salt: `sframe_secret = HKDF-Extract("", base_key)`, then the key (Nk bytes) and salt
 * (Nn bytes) under labels that bind the KID and the suite. `kid` must already be in 0..2^64 − 1.
 * @throws SFrameTypeError when `baseKey` is not bytes
 */
export function deriveKeySalt(s: CipherSuite, kid: bigint, baseKey: Uint8Array): DerivedKey {
  expectBytes("base key", baseKey);
  const sframeSecret = extract(s.hash, baseKey, new Uint8Array(0));
  const keyLabel = label(KEY_PREFIX, kid, s.id), saltLabel = label(SALT_PREFIX, kid, s.id);
  return {
    sframeSecret,
    keyLabel,
    saltLabel,
    sframeKey: expand(s.hash, sframeSecret, keyLabel, s.nk),
    sframeSalt: expand(s.hash, sframeSecret, saltLabel, s.nn),
  };
}

/** RFC 9605 §4.4.3: the nonce is the salt XOR the CTR encoded big-endian in Nn bytes. */
export function frameNonce(salt: Uint8Array, ctr: bigint): Uint8Array {
  const nonce = salt.slice();
  let v = ctr;
  for (let i = nonce.length - 1; i >= 0 && v > 0n; i--) {
    nonce[i]! ^= Number(v & 0xffn);
    v >>= 8n;
  }
  return nonce;
}
