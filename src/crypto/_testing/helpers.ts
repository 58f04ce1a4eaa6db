/**
 * Test helpers for src/crypto (not exported from mod.ts): a seeded byte stream and a plain RFC 7748 ladder
 * without any low-order blocklist, used to show that the all-zero check is what rejects low-order keys.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { concat } from "../_bytes.ts";

/** A deterministic byte source: SHA-256(seed ‖ counter) blocks, so property tests are reproducible. */
export function seededBytes(seed: string): (length: number) => Uint8Array {
  const prefix = new TextEncoder().encode(`ShieldCall test stream ${seed}`);
  let counter = 0;
  let pool: Uint8Array = new Uint8Array(0);
  return (length: number) => {
    while (pool.length < length) {
      const c = new Uint8Array(4);
      new DataView(c.buffer).setUint32(0, counter++, false);
      pool = concat(pool, sha256(concat(prefix, c)));
    }
    const out = pool.slice(0, length);
    pool = pool.slice(length);
    return out;
  };
}

const P = 2n ** 255n - 19n;

function modP(n: bigint): bigint {
  const r = n % P;
  return r < 0n ? r + P : r;
}

function powP(b: bigint, e: bigint): bigint {
  let r = 1n;
  b = modP(b);
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) r = modP(r * b);
    b = modP(b * b);
  }
  return r;
}

function leToBig(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
}

/**
 * X25519 exactly as RFC 7748 §5 writes it (clamp, mask bit 255, Montgomery ladder), with no check of the
 * input point or the output. Not constant time; for tests only.
 */
export function plainX25519(scalar: Uint8Array, u: Uint8Array): Uint8Array {
  const k = scalar.slice();
  k[0]! &= 248;
  k[31]! &= 127;
  k[31]! |= 64;
  const uu = u.slice();
  uu[31]! &= 127;
  const kn = leToBig(k);
  const x1 = modP(leToBig(uu));
  let x2 = 1n, z2 = 0n, x3 = x1, z3 = 1n, swap = 0n;
  for (let t = 254n; t >= 0n; t--) {
    const kt = (kn >> t) & 1n;
    swap ^= kt;
    if (swap) [x2, x3, z2, z3] = [x3, x2, z3, z2];
    swap = kt;
    const A = x2 + z2, AA = modP(A * A), B = x2 - z2, BB = modP(B * B), E = AA - BB;
    const C = x3 + z3, D = x3 - z3, DA = modP(D * A), CB = modP(C * B);
    x3 = modP((DA + CB) ** 2n);
    z3 = modP(x1 * modP((DA - CB) ** 2n));
    x2 = modP(AA * BB);
    z2 = modP(E * (AA + 121665n * E));
  }
  if (swap) [x2, z2] = [x3, z3];
  let r = modP(x2 * powP(z2, P - 2n));
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) {
    out[i] = Number(r & 0xffn);
    r >>= 8n;
  }
  return out;
}
