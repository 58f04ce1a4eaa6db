/** Mutant (SPEC §2.2 V3): the verification number drops its last digit. */
import type { Mutant } from "../mutants.ts";
import { replaceNumber } from "./_view.ts";

export const nineteenDigitNumber: Mutant = {
  id: "nineteen-digit-number",
  clause: "§2.2 V3",
  description: "The verification number drops its last digit",
  hints: ["verify"],
  variant: () => ({ stateView: replaceNumber((_c, honest) => honest.slice(0, 19)) }),
};
