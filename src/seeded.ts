/**
 * A small seeded PRNG (mulberry32), for reproducible choices: adversary substitutes (SPEC §8) and tests' random
 * inputs. Not for secrets. Leaf module: imports nothing, so every layer, pure ones included, may use it.
 */

/** Floats in [0, 1) from a 32-bit seed; the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` seeded bytes. */
export function seededBytes(seed: number, n = 32): Uint8Array {
  const rnd = seededRandom(seed);
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(rnd() * 256);
  return out;
}
