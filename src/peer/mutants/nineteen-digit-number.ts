/**
 * Mutant (SPEC §2.2 V3, §5.6): the number keeps only 19 digits of `n` (n mod 10^19) and pads them to 20 on the
 * wrong side (padEnd for padStart). A number of another length is refused by the §7 CallState schema (an
 * adapter-error, not a kill), so the fault is in the value.
 *
 * The padding side matters for the proof: the earlier variant ("0" + the last 19 digits) equals the honest number
 * whenever its first digit is 0, so one call in ten could not tell it apart and a kill-map row flipped at random.
 * Padding on the right equals the honest number only for 20 zeros.
 */
import type { Mutant } from "../mutants.ts";
import { replaceNumber } from "./_view.ts";

/** The honest 20-digit number reduced mod 10^19 and zero-padded on the right. */
export function nineteenDigits(honest: string): string {
  return BigInt(honest.slice(1)).toString().padEnd(20, "0");
}

export const nineteenDigitNumber: Mutant = {
  id: "nineteen-digit-number",
  clause: "§2.2 V3",
  description: "The verification number keeps only 19 digits (n mod 10^19), zero-padded on the right to 20",
  hints: ["verify"],
  variant: () => ({ stateView: replaceNumber((_c, honest) => nineteenDigits(honest)) }),
};
