/**
 * The web client's SFrame (RFC 9605, SPEC §13), written from the RFC and SPEC.md with WebCrypto only: the header,
 * key and salt derivation (HKDF), the nonce, the AES-GCM suites and the AES-CTR + HMAC suites, per-KID keys with one
 * role each, a replay window per KID, and drop counters. No DOM: it runs in a page, in a worker (the encoded-frame
 * transform) and under Node/Deno. It imports nothing from src/crypto or @noble/* (src/web/bundle_test.ts and
 * src/web/sframe_test.ts check the bundles' inputs).
 */

/** Why a received frame was dropped (SPEC §13.6). */
export type DropReason = "header" | "kid" | "replay" | "auth";

const CODE_OF: Record<DropReason, string> = {
  header: "SFRAME_BAD_HEADER",
  kid: "SFRAME_UNKNOWN_KID",
  replay: "SFRAME_REPLAY",
  auth: "SFRAME_AUTH_FAILED",
};

/** An SFrame failure with its stable code (SPEC §13.6); `reason` is set when a received frame is dropped. */
export class SFrameError extends Error {
  readonly code: string;
  readonly reason: DropReason | undefined;
  constructor(code: string, message: string, reason?: DropReason) {
    super(message);
    this.name = "SFrameError";
    this.code = code;
    this.reason = reason;
  }
}

import type { WebMutantId } from "./mutants.ts";

const drop = (reason: DropReason, message: string) => new SFrameError(CODE_OF[reason], message, reason);
const bad = (message: string) => new SFrameError("SFRAME_BAD_INPUT", message);

/** A cipher suite of RFC 9605 §4.5 (`nka` 0 for AES-GCM). */
export interface Suite {
  id: number;
  hash: "SHA-256" | "SHA-512";
  nka: number;
  nk: number;
  nt: number;
}

/** RFC 9605 Table 1, by IANA value. */
export const SUITES: Readonly<Record<number, Suite>> = {
  1: { id: 1, hash: "SHA-256", nka: 16, nk: 48, nt: 10 },
  2: { id: 2, hash: "SHA-256", nka: 16, nk: 48, nt: 8 },
  3: { id: 3, hash: "SHA-256", nka: 16, nk: 48, nt: 4 },
  4: { id: 4, hash: "SHA-256", nka: 0, nk: 16, nt: 16 },
  5: { id: 5, hash: "SHA-512", nka: 0, nk: 32, nt: 16 },
};
const NN = 12;
const TOP = 0xffffffffffffffffn;

function u64(name: string, v: bigint | number): bigint {
  const b = typeof v === "number" && Number.isSafeInteger(v) ? BigInt(v) : v;
  if (typeof b !== "bigint" || b < 0n || b > TOP) throw bad(`${name} is not an integer in 0..2^64 − 1: "${v}"`);
  return b;
}

/** The big-endian bytes of `v` without leading zeros (one byte for 0). */
function compact(v: bigint): number[] {
  const out: number[] = [];
  do {
    out.unshift(Number(v % 256n));
    v /= 256n;
  } while (v > 0n);
  return out;
}

/** The SFrame header for `kid` and `ctr` (RFC 9605 §4.3, SPEC §13.1). */
export function encodeHeader(kid: bigint | number, ctr: bigint | number): Uint8Array {
  const k = u64("KID", kid), c = u64("CTR", ctr);
  const kb = k < 8n ? [] : compact(k), cb = c < 8n ? [] : compact(c);
  const hi = kb.length ? 0x8 | (kb.length - 1) : Number(k);
  const lo = cb.length ? 0x8 | (cb.length - 1) : Number(c);
  return new Uint8Array([(hi << 4) | lo, ...kb, ...cb]);
}

/** Decodes the header at the start of `frame`. @throws SFrameError SFRAME_BAD_HEADER (truncated, not minimal) */
export function decodeHeader(frame: Uint8Array): { kid: bigint; ctr: bigint; length: number } {
  if (frame.length === 0) throw drop("header", "Empty SFrame");
  let at = 1;
  const field = (bits: number, name: string): bigint => {
    if (!(bits & 0x8)) return BigInt(bits & 0x7);
    const n = (bits & 0x7) + 1;
    if (frame.length < at + n) throw drop("header", `SFrame header truncated in the ${name}`);
    let v = 0n;
    for (let i = 0; i < n; i++) v = v * 256n + BigInt(frame[at + i]!);
    // SPEC §13.1: only the minimal form is accepted
    if (frame[at] === 0 || v < 8n) throw drop("header", `SFrame ${name} is not in its minimal form`);
    at += n;
    return v;
  };
  const kid = field(frame[0]! >> 4, "KID");
  const ctr = field(frame[0]! & 0xf, "CTR");
  return { kid, ctr, length: at };
}

const te = new TextEncoder();
/** WebCrypto's BufferSource type wants an ArrayBuffer-backed view; every view here is one. */
const buf = (b: Uint8Array) => b as Uint8Array<ArrayBuffer>;

/** `prefix ‖ KID as 8 bytes ‖ suite as 2 bytes` (RFC 9605 §4.4.2). */
export function kdfLabel(prefix: "key" | "salt", kid: bigint, suite: number): Uint8Array {
  const p = te.encode(`SFrame 1.0 Secret ${prefix} `);
  const out = new Uint8Array(p.length + 10);
  out.set(p);
  const dv = new DataView(out.buffer);
  dv.setBigUint64(p.length, kid);
  dv.setUint16(p.length + 8, suite);
  return out;
}

/** `sframe_key` and `sframe_salt` for `kid` (RFC 9605 §4.4.2): HKDF with an empty salt over the base key. */
export async function deriveKeySalt(s: Suite, kid: bigint, baseKey: Uint8Array) {
  const ikm = await crypto.subtle.importKey("raw", baseKey as BufferSource, "HKDF", false, ["deriveBits"]);
  const hkdf = (info: Uint8Array, n: number) =>
    crypto.subtle.deriveBits({ name: "HKDF", hash: s.hash, salt: new Uint8Array(0), info: buf(info) }, ikm, n * 8);
  const [key, salt] = await Promise.all([
    hkdf(kdfLabel("key", kid, s.id), s.nk),
    hkdf(kdfLabel("salt", kid, s.id), NN),
  ]);
  return { key: new Uint8Array(key), salt: new Uint8Array(salt) };
}

/** The nonce: the salt XOR the CTR as a 12-byte big-endian integer (RFC 9605 §4.4.3). */
export function nonceFor(salt: Uint8Array, ctr: bigint): Uint8Array {
  const c = new Uint8Array(NN);
  new DataView(c.buffer).setBigUint64(4, ctr);
  return salt.map((b, i) => b ^ c[i]!);
}

/** A key ready for one suite's AEAD: imported CryptoKeys. */
export interface AeadKey {
  s: Suite;
  enc: CryptoKey;
  mac?: CryptoKey;
}

/** Imports `key` for the suite's AEAD (RFC 9605 §4.5.1 splits it into enc_key and auth_key for AES-CTR). */
export async function importAeadKey(s: Suite, key: Uint8Array): Promise<AeadKey> {
  if (key.length !== s.nk) throw bad(`SFrame key must be ${s.nk} bytes: got ${key.length}`);
  if (!s.nka) {
    return {
      s,
      enc: await crypto.subtle.importKey("raw", key as BufferSource, "AES-GCM", false, ["encrypt", "decrypt"]),
    };
  }
  const enc = await crypto.subtle.importKey("raw", key.slice(0, s.nka), "AES-CTR", false, ["encrypt", "decrypt"]);
  const mac = await crypto.subtle.importKey("raw", key.slice(s.nka), { name: "HMAC", hash: s.hash }, false, ["sign"]);
  return { s, enc, mac };
}

async function ctrTag(k: AeadKey, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array): Promise<Uint8Array> {
  const data = new Uint8Array(24 + NN + aad.length + ct.length);
  const dv = new DataView(data.buffer);
  dv.setBigUint64(0, BigInt(aad.length));
  dv.setBigUint64(8, BigInt(ct.length));
  dv.setBigUint64(16, BigInt(k.s.nt));
  data.set(nonce, 24);
  data.set(aad, 24 + NN);
  data.set(ct, 24 + NN + aad.length);
  return new Uint8Array(await crypto.subtle.sign("HMAC", k.mac!, data), 0, k.s.nt);
}

const counter = (nonce: Uint8Array) => {
  const block = new Uint8Array(16);
  block.set(nonce);
  return block;
};

/** AEAD.Encrypt (RFC 9605 §4.4.3, §4.5.1): ciphertext ‖ tag. */
export async function aeadSeal(k: AeadKey, nonce: Uint8Array, aad: Uint8Array, pt: Uint8Array): Promise<Uint8Array> {
  if (!k.mac) {
    return new Uint8Array(
      await crypto.subtle.encrypt({ name: "AES-GCM", iv: buf(nonce), additionalData: buf(aad) }, k.enc, buf(pt)),
    );
  }
  const ct = new Uint8Array(
    await crypto.subtle.encrypt({ name: "AES-CTR", counter: counter(nonce), length: 32 }, k.enc, pt as BufferSource),
  );
  const out = new Uint8Array(ct.length + k.s.nt);
  out.set(ct);
  out.set(await ctrTag(k, nonce, aad, ct), ct.length);
  return out;
}

/** AEAD.Decrypt (RFC 9605 §4.4.4, §4.5.1); null when the frame does not authenticate. */
export async function aeadOpen(k: AeadKey, nonce: Uint8Array, aad: Uint8Array, ct: Uint8Array) {
  if (ct.length < k.s.nt) return null;
  if (!k.mac) {
    try {
      const p = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: buf(nonce), additionalData: buf(aad) },
        k.enc,
        buf(ct),
      );
      return new Uint8Array(p);
    } catch {
      return null;
    }
  }
  const body = ct.subarray(0, ct.length - k.s.nt), tag = ct.subarray(ct.length - k.s.nt);
  const want = await ctrTag(k, nonce, aad, body);
  let diff = 0;
  for (let i = 0; i < want.length; i++) diff |= want[i]! ^ tag[i]!;
  if (diff) return null;
  const p = await crypto.subtle.decrypt({ name: "AES-CTR", counter: counter(nonce), length: 32 }, k.enc, buf(body));
  return new Uint8Array(p);
}

interface Key {
  aead: AeadKey;
  salt: Uint8Array;
  next: bigint; // send keys: the next CTR
  top: bigint; // receive keys: highest CTR accepted (−1: none)
  seen: Set<bigint>; // receive keys: accepted CTRs within the window below `top`
}

/** Counters of one endpoint (SPEC §13.6). */
export interface SFrameCounters {
  sealed: number;
  opened: number;
  dropped: Record<DropReason, number>;
}

/** One endpoint's SFrame state for one suite (SPEC §13.4–§13.6). */
export class SFrameEndpoint {
  readonly suite: Suite;
  readonly #send = new Map<bigint, Key>();
  readonly #recv = new Map<bigint, Key>();
  readonly counters: SFrameCounters = { sealed: 0, opened: 0, dropped: { header: 0, kid: 0, replay: 0, auth: 0 } };

  /**
   * @param window CTRs remembered below the highest accepted one (SPEC §13.5)
   * @param mutant a web mutant's fault (./mutants.ts, SPEC §12.7); null in the clean client
   */
  constructor(suite = 4, readonly window = 128, readonly mutant: WebMutantId | null = null) {
    const s = SUITES[suite];
    if (!s) throw bad(`Unknown SFrame cipher suite: "${suite}"`);
    this.suite = s;
  }

  async #key(kid: bigint, baseKey: Uint8Array, next: bigint): Promise<Key> {
    if (!(baseKey instanceof Uint8Array)) throw bad("The base key must be bytes");
    const { key, salt } = await deriveKeySalt(this.suite, kid, baseKey);
    return { aead: await importAeadKey(this.suite, key), salt, next, top: -1n, seen: new Set() };
  }

  /** The key this endpoint seals with under `kid` (SPEC §13.4: never also a decryption key). */
  async addEncryptKey(kid: bigint | number, baseKey: Uint8Array, firstCtr: bigint | number = 0n): Promise<void> {
    const k = u64("KID", kid);
    if (this.#recv.has(k)) throw bad(`KID "${k}" is already a decryption key`);
    this.#send.set(k, await this.#key(k, baseKey, u64("CTR", firstCtr)));
  }

  /** A key this endpoint opens with under `kid`, with a fresh replay window. */
  async addDecryptKey(kid: bigint | number, baseKey: Uint8Array): Promise<void> {
    const k = u64("KID", kid);
    if (this.#send.has(k)) throw bad(`KID "${k}" is already an encryption key`);
    this.#recv.set(k, await this.#key(k, baseKey, 0n));
  }

  /** Seals `pt` with the next CTR of `kid`; the CTR is taken before any await, so no two frames share a nonce. */
  async seal(kid: bigint | number, pt: Uint8Array, metadata = new Uint8Array(0)): Promise<Uint8Array> {
    const k = u64("KID", kid);
    const key = this.#send.get(k);
    if (!key) throw bad(`No encryption key for KID "${k}"`);
    // RFC 9605 §7.4: never encrypt twice under one (key, nonce)
    if (key.next > TOP) throw new SFrameError("SFRAME_CTR_EXHAUSTED", `CTR exhausted for KID "${k}"`);
    // mutant sframe-ctr-frozen: the CTR never advances; mutant sframe-ctr-skips: it goes up by 2
    const ctr = this.mutant === "sframe-ctr-frozen" ? key.next : key.next++;
    if (this.mutant === "sframe-ctr-skips") key.next++;
    const header = encodeHeader(k, ctr);
    // mutant sframe-nonce-reuse: the header's CTR advances, the nonce is always CTR 0's
    const nonce = nonceFor(key.salt, this.mutant === "sframe-nonce-reuse" ? 0n : ctr);
    const ct = await aeadSeal(key.aead, nonce, concat(header, metadata), pt);
    this.counters.sealed++;
    return concat(header, ct);
  }

  #fresh(key: Key, ctr: bigint): boolean {
    if (ctr > key.top || this.mutant === "sframe-replay-off") return true; // the mutant: no replay window
    if (this.mutant === "sframe-window-strict") return false; // the mutant: nothing below the highest accepted
    return key.top - ctr < BigInt(this.window) && !key.seen.has(ctr);
  }

  /** Opens an SFrame ciphertext. @throws SFrameError with the drop code (SPEC §13.6); counts every drop */
  async open(
    frame: Uint8Array,
    metadata = new Uint8Array(0),
  ): Promise<{ kid: bigint; ctr: bigint; plaintext: Uint8Array }> {
    try {
      const h = decodeHeader(frame);
      const key = this.#recv.get(h.kid);
      if (!key) throw drop("kid", `No decryption key for KID "${h.kid}"`);
      if (!this.#fresh(key, h.ctr)) throw drop("replay", `Replayed SFrame CTR "${h.ctr}"`);
      const aad = concat(frame.subarray(0, h.length), metadata);
      let pt = await aeadOpen(key.aead, nonceFor(key.salt, h.ctr), aad, frame.subarray(h.length));
      // mutant sframe-tag-unchecked: a frame whose tag fails goes on (its ciphertext) and counts as opened
      if (!pt && this.mutant === "sframe-tag-unchecked") pt = frame.slice(h.length, frame.length - this.suite.nt);
      if (!pt) throw drop("auth", "SFrame authentication failed");
      // SPEC §13.5: checked again after the await, so two copies opened at once are not both accepted
      if (!this.#fresh(key, h.ctr)) throw drop("replay", `Replayed SFrame CTR "${h.ctr}"`);
      if (h.ctr > key.top) {
        key.top = h.ctr;
        for (const c of key.seen) if (key.top - c >= BigInt(this.window)) key.seen.delete(c);
      }
      key.seen.add(h.ctr);
      this.counters.opened++;
      return { kid: h.kid, ctr: h.ctr, plaintext: pt };
    } catch (e) {
      const reason = e instanceof SFrameError ? e.reason : undefined;
      // mutant sframe-plaintext-accepted: a frame that is no SFrame of this call goes on as plaintext, uncounted
      if (this.mutant === "sframe-plaintext-accepted" && (reason === "header" || reason === "kid")) {
        return { kid: -1n, ctr: -1n, plaintext: frame };
      }
      if (reason) this.counters.dropped[reason]++;
      throw e;
    }
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Each sender's base key from the call's `prk` (SPEC §13.3): HKDF-Expand under a label naming the role. */
export async function senderBaseKeys(prk: Uint8Array): Promise<{ caller: Uint8Array; callee: Uint8Array }> {
  const mac = await crypto.subtle.importKey("raw", prk as BufferSource, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  // HKDF-Expand for 32 bytes = the first block: HMAC(prk, info ‖ 0x01)
  const block = async (role: string) =>
    new Uint8Array(
      await crypto.subtle.sign(
        "HMAC",
        mac,
        buf(concat(te.encode(`ShieldCall v3 ${role} SFrame base key`), new Uint8Array([1]))),
      ),
    );
  return { caller: await block("caller"), callee: await block("callee") };
}

/** The KID each role sends under (SPEC §13.4). */
export const KID = { caller: 0n, callee: 1n } as const;
