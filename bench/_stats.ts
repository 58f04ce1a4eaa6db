/**
 * Distributions for the benchmarks: every figure is a distribution or a ratio measured within one run.
 */

/** Summary of a sample: count, min, median, p95, max and mean (ms or whatever unit the sample has). */
export interface Summary {
  n: number;
  min: number | null;
  median: number | null;
  p95: number | null;
  max: number | null;
  mean: number | null;
}

/** Quantile `q` (0..1) of `xs` by linear interpolation between closest ranks; null for an empty sample. */
export function quantile(xs: readonly number[], q: number): number | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`Quantile "${q}" is outside 0..1`);
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** Summarises a sample, rounding to `digits` decimals. */
export function summarize(xs: readonly number[], digits = 1): Summary {
  const r = (x: number | null) => (x === null ? null : round(x, digits));
  if (xs.length === 0) return { n: 0, min: null, median: null, p95: null, max: null, mean: null };
  return {
    n: xs.length,
    min: r(Math.min(...xs)),
    median: r(quantile(xs, 0.5)),
    p95: r(quantile(xs, 0.95)),
    max: r(Math.max(...xs)),
    mean: r(xs.reduce((a, b) => a + b, 0) / xs.length),
  };
}

/** a / b rounded to `digits` decimals; null when either is missing or b is 0. */
export function ratio(a: number | null | undefined, b: number | null | undefined, digits = 2): number | null {
  if (a == null || b == null || b === 0) return null;
  return round(a / b, digits);
}

/** Rounds to `digits` decimals. */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
