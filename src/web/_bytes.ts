/**
 * The web client's byte helpers for the handshake (SPEC §5.1): LP encoding, UTF-8 with the lone-surrogate rule,
 * strict base64url, and the handshake's error class. Pure: WebCrypto-level APIs only, nothing from src/crypto.
 */

/** A handshake failure with its stable SPEC §9 code. */
export class HandshakeError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = "HandshakeError";
    this.code = code;
  }
}

const utf8 = new TextEncoder();

/** Concatenation of byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** SPEC §5.1: LP(x) = 4-byte big-endian length, then x. */
export function lp(x: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + x.length);
  new DataView(out.buffer).setUint32(0, x.length);
  out.set(x, 4);
  return out;
}

/** SPEC §5.1: strings are UTF-8; a lone surrogate has no UTF-8 form and is E2EE_BAD_INPUT. */
export function utf8Of(name: string, s: string): Uint8Array {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) throw new HandshakeError("E2EE_BAD_INPUT", `Field "${name}" has a lone surrogate`);
  }
  return utf8.encode(s);
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** SPEC §5.1: base64url without padding. */
export function b64uEncode(b: Uint8Array): string {
  let out = "";
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    const chars = i + 2 < b.length ? 4 : i + 1 < b.length ? 3 : 2;
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/**
 * SPEC §5.1: strict base64url decoding — no `=`, nothing outside the alphabet, no length 1 mod 4, unused bits zero.
 * @throws HandshakeError E2EE_BAD_INPUT
 */
export function b64uDecode(s: string): Uint8Array {
  if (s.length % 4 === 1) throw new HandshakeError("E2EE_BAD_INPUT", `Invalid base64url: length ${s.length}`);
  const out: number[] = [];
  let acc = 0, bits = 0;
  for (const ch of s) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0 || ch.length !== 1) throw new HandshakeError("E2EE_BAD_INPUT", `Invalid base64url character "${ch}"`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
      acc &= (1 << bits) - 1;
    }
  }
  if (acc !== 0) throw new HandshakeError("E2EE_BAD_INPUT", "Invalid base64url: non-zero unused bits");
  return new Uint8Array(out);
}
