/**
 * Byte helpers for the handshake (SPEC §5.1): LP encoding, UTF-8 strings, base64url, constant-time equality.
 * Pure: Uint8Array only.
 */
import { ShieldCallError } from "../errors.ts";

const MAX_LP_LENGTH = 0xffffffff;

/** Concatenates byte arrays into a new array. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** `LP(x)`: 4-byte big-endian length of `x` followed by `x` (SPEC §5.1). */
export function lp(x: Uint8Array): Uint8Array {
  if (!(x instanceof Uint8Array)) throw new TypeError("LP() needs a Uint8Array");
  // SPEC §5.1: the length prefix is a 4-byte unsigned integer, so longer fields cannot be encoded
  if (x.length > MAX_LP_LENGTH) throw new RangeError(`Field too long for LP(): ${x.length} bytes`);
  const out = new Uint8Array(4 + x.length);
  new DataView(out.buffer).setUint32(0, x.length, false);
  out.set(x, 4);
  return out;
}

/** True when `s` has no lone UTF-16 surrogate, so its UTF-8 encoding is exact and injective. */
export function isWellFormedString(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

/**
 * UTF-8 bytes of a handshake string field (SPEC §5.1).
 * @throws ShieldCallError E2EE_BAD_INPUT when `s` has a lone surrogate (it would not round-trip through UTF-8)
 */
export function utf8Field(name: string, s: string): Uint8Array {
  if (typeof s !== "string") throw new TypeError(`Handshake field "${name}" must be a string`);
  // SPEC §5.1: strings are well-formed Unicode; a lone surrogate would encode like U+FFFD and collide
  if (!isWellFormedString(s)) {
    throw new ShieldCallError("E2EE_BAD_INPUT", `Handshake field "${name}" is not well-formed Unicode: lone surrogate`);
  }
  return new TextEncoder().encode(s);
}

/** `LP(UTF-8(s))` for a named string field (SPEC §5.1). */
export function lpString(name: string, s: string): Uint8Array {
  return lp(utf8Field(name, s));
}

/** Compares two byte arrays in time independent of their contents (lengths are not secret). */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) {
    throw new TypeError("constantTimeEqual() needs Uint8Arrays");
  }
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** True when every byte is zero, in time independent of the contents. */
export function isAllZero(x: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < x.length; i++) acc |= x[i]!;
  return acc === 0;
}

/** Throws `code` unless `x` is a Uint8Array of exactly `length` bytes. */
export function expectBytes(
  code: "E2EE_BAD_KEY" | "E2EE_BAD_INPUT" | "E2EE_BAD_FINGERPRINT",
  name: string,
  x: unknown,
  length: number,
): Uint8Array {
  if (!(x instanceof Uint8Array)) throw new TypeError(`Handshake field "${name}" must be a Uint8Array`);
  if (x.length !== length) {
    throw new ShieldCallError(
      code,
      `Handshake field "${name}" has the wrong length: ${x.length} bytes, expected ${length}`,
    );
  }
  return x;
}

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const B64URL_INDEX: Record<string, number> = Object.fromEntries([...B64URL].map((c, i) => [c, i]));

/** Encodes bytes as base64url without padding (SPEC §5.1, RFC 4648 §5). */
export function base64urlEncode(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("base64urlEncode() needs a Uint8Array");
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const b0 = bytes[i]!, b1 = bytes[i + 1], b2 = bytes[i + 2];
    out += B64URL[b0 >> 2]!;
    out += B64URL[((b0 & 3) << 4) | ((b1 ?? 0) >> 4)]!;
    if (b1 !== undefined) out += B64URL[((b1 & 15) << 2) | ((b2 ?? 0) >> 6)]!;
    if (b2 !== undefined) out += B64URL[b2 & 63]!;
  }
  return out;
}

/**
 * Decodes base64url without padding, strictly: no `=`, no characters outside the alphabet, no non-zero
 * trailing bits, so each byte string has exactly one accepted encoding (SPEC §5.1).
 * @throws SyntaxError on any malformed input
 */
export function base64urlDecode(s: string): Uint8Array {
  if (typeof s !== "string") throw new TypeError("base64urlDecode() needs a string");
  if (s.length % 4 === 1) throw new SyntaxError(`Invalid base64url: length ${s.length} is impossible`);
  const out = new Uint8Array(Math.floor((s.length * 3) / 4));
  let acc = 0, bits = 0, at = 0;
  for (let i = 0; i < s.length; i++) {
    const v = B64URL_INDEX[s[i]!];
    if (v === undefined) throw new SyntaxError(`Invalid base64url: character "${s[i]}" at ${i}`);
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  // SPEC §5.1: the unused low bits of the last character must be zero (canonical encoding)
  if (acc !== 0) throw new SyntaxError("Invalid base64url: non-zero trailing bits");
  return out;
}
