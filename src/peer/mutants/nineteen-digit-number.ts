/**
 * Mutant (SPEC §2.2 V3, §5.6): the number keeps only 19 digits of `n` (okm mod 10^19), left-padded to 20. A number of
 * another length is refused by the §7 CallState schema (an adapter-error, not a kill), so the fault is in the value.
 */
import type { Mutant } from "../mutants.ts";
import { replaceNumber } from "./_view.ts";

export const nineteenDigitNumber: Mutant = {
  id: "nineteen-digit-number",
  clause: "§2.2 V3",
  description: "The verification number keeps only 19 significant digits (n mod 10^19, zero-padded to 20)",
  hints: ["verify"],
  variant: () => ({ stateView: replaceNumber((_c, honest) => `0${honest.slice(1)}`) }),
};
