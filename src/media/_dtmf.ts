/**
 * DTMF frequency plan (ITU-T Q.23) and the Goertzel filter shared by the speech source and decoder (SPEC §11.1).
 * Internal: the folder's public surface is mod.ts.
 */

/** The DTMF alphabet in keypad order, row by row. */
export const DTMF_ALPHABET = "0123456789*#ABCD";

/** SPEC §11.1: low-group (row) frequencies in Hz, ITU-T Q.23. */
export const ROW_HZ = [697, 770, 852, 941] as const;
/** SPEC §11.1: high-group (column) frequencies in Hz, ITU-T Q.23. */
export const COL_HZ = [1209, 1336, 1477, 1633] as const;

/** The keypad: KEYPAD[row][col]. */
const KEYPAD = ["123A", "456B", "789C", "*0#D"] as const;

/** The row and column index of a DTMF symbol, or undefined for any other character. */
export function dtmfPair(symbol: string): { row: number; col: number } | undefined {
  for (let row = 0; row < 4; row++) {
    const col = KEYPAD[row]!.indexOf(symbol);
    if (col >= 0 && symbol.length === 1) return { row, col };
  }
  return undefined;
}

/** The DTMF symbol at a keypad position. */
export function dtmfSymbol(row: number, col: number): string {
  return KEYPAD[row]![col]!;
}

/**
 * Squared magnitude of the DTFT of `x[from..from+n)` at `hz` (generalised Goertzel: any frequency, not only bins).
 * For a sinusoid of amplitude A filling the window the result is about (A·n/2)².
 */
export function goertzelPower(x: ArrayLike<number>, from: number, n: number, hz: number, sampleRate: number): number {
  const coeff = 2 * Math.cos((2 * Math.PI * hz) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const s0 = x[from + i]! + coeff * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coeff * s1 * s2;
}

/** Sum of squares of `x[from..from+n)`. */
export function energy(x: ArrayLike<number>, from: number, n: number): number {
  let e = 0;
  for (let i = 0; i < n; i++) {
    const v = x[from + i]!;
    e += v * v;
  }
  return e;
}
