/**
 * Bearer-token helpers (SPEC §3.1): constant-time comparison and a WebCrypto-backed generator.
 * Pure: uses only `crypto.getRandomValues`, available on Node 20, Deno and browsers.
 */

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Base64url without padding (RFC 4648 §5). */
export function base64url(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]! + B64URL[(n >> 6) & 63]! + B64URL[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64URL[n >> 18]! + B64URL[(n >> 12) & 63]! + B64URL[(n >> 6) & 63]!;
  }
  return out;
}

/** A fresh token: 32 random bytes (256 bits) as 43 base64url characters. */
export function randomToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return base64url(bytes);
}

/**
 * Compares a presented string with a secret in time that depends only on the secret's length
 * (SPEC §3.1: tokens are compared in constant time).
 */
export function constantTimeEqual(presented: string, secret: string): boolean {
  let diff = presented.length ^ secret.length;
  for (let i = 0; i < secret.length; i++) {
    const c = i < presented.length ? presented.charCodeAt(i) : 0;
    diff |= c ^ secret.charCodeAt(i);
  }
  return diff === 0;
}
