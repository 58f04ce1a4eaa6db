/**
 * The 20-digit verification number: derivation, display, parsing, comparison (SPEC §5.6, V2, V3).
 */
import { ShieldCallError } from "../errors.ts";
import { constantTimeEqual, expectBytes } from "./_bytes.ts";
import { OKM_LENGTH } from "./schedule.ts";

/** Digits in a verification number (SPEC §5.6, V3). */
export const NUMBER_DIGITS = 20;

const MODULUS = 10n ** BigInt(NUMBER_DIGITS);

/**
 * The verification number of 16 bytes of okm: big-endian integer mod 10^20, left-padded to 20 digits (SPEC §5.6).
 * @throws ShieldCallError E2EE_BAD_INPUT when `okm` is not 16 bytes
 */
export function numberFromOkm(okm: Uint8Array): string {
  expectBytes("E2EE_BAD_INPUT", "okm", okm, OKM_LENGTH);
  let n = 0n;
  // SPEC §5.6: okm as a 128-bit big-endian unsigned integer
  for (const b of okm) n = (n << 8n) | BigInt(b);
  // SPEC §5.6: mod 10^20, decimal, left-padded with "0" to exactly 20 digits (leading zeros are kept)
  return (n % MODULUS).toString().padStart(NUMBER_DIGITS, "0");
}

/**
 * Parses user input into the 20-digit number: ASCII spaces and hyphens are ignored (SPEC §5.6).
 * @throws ShieldCallError E2EE_BAD_NUMBER unless exactly 20 ASCII digits remain
 */
export function parseNumber(input: string): string {
  if (typeof input !== "string") throw new TypeError("Verification number must be a string");
  // SPEC §5.6: ignore ASCII space (U+0020) and hyphen-minus (U+002D) only
  const digits = input.replace(/[ -]/g, "");
  // SPEC §5.6: exactly 20 ASCII digits, else E2EE_BAD_NUMBER
  if (!/^[0-9]{20}$/.test(digits)) {
    const shown = input.length > 60 ? `${input.slice(0, 57)}...` : input;
    throw new ShieldCallError(
      "E2EE_BAD_NUMBER",
      `Invalid verification number "${shown}": expected ${NUMBER_DIGITS} digits, spaces and hyphens allowed`,
    );
  }
  return digits;
}

/** Display form: four groups of five digits separated by one space, e.g. "04817 22930 55120 09384" (SPEC §5.6). */
export function formatNumber(n: string): string {
  const d = parseNumber(n);
  return `${d.slice(0, 5)} ${d.slice(5, 10)} ${d.slice(10, 15)} ${d.slice(15, 20)}`;
}

/**
 * True when two verification numbers are the same 20 digits (SPEC §5.6: compared as 20-digit strings).
 * @throws ShieldCallError E2EE_BAD_NUMBER when either is not a valid number
 */
export function numbersEqual(a: string, b: string): boolean {
  const enc = new TextEncoder();
  return constantTimeEqual(enc.encode(parseNumber(a)), enc.encode(parseNumber(b)));
}
