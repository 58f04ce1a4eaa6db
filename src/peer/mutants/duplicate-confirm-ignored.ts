/** Mutant (SPEC §5.9, one tag per key): a second `confirm` in the call is ignored instead of ending the call. */
import type { Mutant } from "../mutants.ts";

export const duplicateConfirmIgnored: Mutant = {
  id: "duplicate-confirm-ignored",
  clause: "§5.9",
  description: "A second key-confirmation tag (even an identical one) is ignored instead of ending the call",
  hints: ["verify.confirm-duplicate"],
  variant: () => ({
    // The fault: nothing happens on a second confirm.
    onSecondConfirm: () => null,
  }),
};
