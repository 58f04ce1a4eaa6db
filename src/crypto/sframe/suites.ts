/**
 * The cipher suites of RFC 9605 §4.5 (SPEC §13.2) and their AEADs: AES-GCM, and the AES-CTR + HMAC-SHA256
 * construction of RFC 9605 §4.5.1 with 80-, 64- and 32-bit tags. Pure (@noble/ciphers, @noble/hashes).
 */
import { ctr as aesCtr, gcm } from "@noble/ciphers/aes.js";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256, sha512 } from "@noble/hashes/sha2.js";
import type { CHash } from "@noble/hashes/utils.js";
import { SFrameRangeError, SFrameTypeError } from "./errors.ts";

/** One cipher suite: the RFC 9605 Table 1 constants (`nka` is 0 for the GCM suites). */
export interface CipherSuite {
  id: number;
  name: string;
  hash: CHash;
  nh: number;
  nka: number;
  nk: number;
  nn: number;
  nt: number;
}

const suite = (id: number, name: string, hash: CHash, nh: number, nka: number, nk: number, nt: number) =>
  Object.freeze({ id, name, hash, nh, nka, nk, nn: 12, nt });

/** RFC 9605 §4.5 Table 1 and §8.1, by IANA value. */
export const CIPHER_SUITES: Readonly<Record<number, CipherSuite>> = Object.freeze({
  1: suite(1, "AES_128_CTR_HMAC_SHA256_80", sha256, 32, 16, 48, 10),
  2: suite(2, "AES_128_CTR_HMAC_SHA256_64", sha256, 32, 16, 48, 8),
  3: suite(3, "AES_128_CTR_HMAC_SHA256_32", sha256, 32, 16, 48, 4),
  4: suite(4, "AES_128_GCM_SHA256_128", sha256, 32, 0, 16, 16),
  5: suite(5, "AES_256_GCM_SHA512_128", sha512, 64, 0, 32, 16),
});

/** The suite ShieldCall's SFrame profile uses (SPEC §13.2). */
export const PROFILE_SUITE = 4;

/** The suite with IANA value `id`. @throws SFrameTypeError / SFrameRangeError for an unknown suite */
export function cipherSuite(id: number): CipherSuite {
  if (typeof id !== "number") throw new SFrameTypeError("cipher suite must be a number");
  const s = CIPHER_SUITES[id];
  if (!s) throw new SFrameRangeError("SFRAME_BAD_INPUT", `Unknown SFrame cipher suite: "${id}"`);
  return s;
}

function u64(n: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(n), false);
  return out;
}

/** RFC 9605 §4.5.1 compute_tag: HMAC over the three lengths, the nonce, the AAD and the ciphertext, truncated. */
function computeTag(s: CipherSuite, authKey: Uint8Array, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array) {
  const mac = hmac.create(s.hash, authKey);
  mac.update(u64(aad.length)).update(u64(ct.length)).update(u64(s.nt)).update(nonce).update(aad).update(ct);
  return mac.digest().subarray(0, s.nt);
}

/** RFC 9605 §4.5.1: the initial counter block is the nonce followed by four zero bytes. */
function counterBlock(nonce: Uint8Array): Uint8Array {
  const iv = new Uint8Array(16);
  iv.set(nonce);
  return iv;
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** AEAD.Encrypt of the suite (RFC 9605 §4.4.3): ciphertext followed by an `nt`-byte tag. */
export function aeadEncrypt(s: CipherSuite, key: Uint8Array, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array) {
  if (s.nka === 0) return gcm(key, nonce, aad).encrypt(pt);
  // RFC 9605 §4.5.1: encrypt-then-MAC with subkeys enc_key = key[..Nka], auth_key = key[Nka..]
  const ct = aesCtr(key.subarray(0, s.nka), counterBlock(nonce)).encrypt(pt);
  const out = new Uint8Array(ct.length + s.nt);
  out.set(ct);
  out.set(computeTag(s, key.subarray(s.nka), nonce, aad, ct), ct.length);
  return out;
}

/** AEAD.Decrypt of the suite (RFC 9605 §4.4.4); null when authentication fails or `ct` is shorter than a tag. */
export function aeadDecrypt(
  s: CipherSuite,
  key: Uint8Array,
  nonce: Uint8Array,
  aad: Uint8Array,
  ct: Uint8Array,
): Uint8Array | null {
  if (ct.length < s.nt) return null;
  if (s.nka === 0) {
    try {
      return gcm(key, nonce, aad).decrypt(ct);
    } catch {
      return null;
    }
  }
  const inner = ct.subarray(0, ct.length - s.nt);
  // RFC 9605 §4.5.1: check the tag in constant time before decrypting
  if (!equal(ct.subarray(ct.length - s.nt), computeTag(s, key.subarray(s.nka), nonce, aad, inner))) return null;
  return aesCtr(key.subarray(0, s.nka), counterBlock(nonce)).decrypt(inner);
}
