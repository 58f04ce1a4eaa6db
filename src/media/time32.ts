/** Millisecond timestamps carried as their low 32 bits, and latency across the 2^32 wrap (SPEC §11.3). */

const TWO32 = 4294967296;

/** The low 32 bits of a millisecond timestamp (e.g. Date.now()), as an unsigned integer. */
export function low32Ms(ms: number): number {
  if (!Number.isFinite(ms)) throw new RangeError(`Timestamp "${ms}" is not a finite number`);
  const m = Math.floor(ms) % TWO32;
  return m < 0 ? m + TWO32 : m;
}

/**
 * SPEC §11.3: latency = receiver clock − sentAtMs, modulo 2^32, read as a signed 32-bit number
 * (so a sender clock slightly ahead gives a small negative value instead of ~49 days).
 * Either argument may be a full timestamp or its low 32 bits.
 */
export function latency32(sentAtMs: number, nowMs: number): number {
  const d = (low32Ms(nowMs) - low32Ms(sentAtMs) + TWO32) % TWO32;
  return d >= TWO32 / 2 ? d - TWO32 : d;
}
