/** Mutant (SPEC §5.9): the endpoint waits for the peer's key-confirmation tag forever (no deadline). */
import type { Mutant } from "../mutants.ts";

export const noConfirmDeadline: Mutant = {
  id: "no-confirm-deadline",
  clause: "§5.9",
  description: "The endpoint never gives up waiting for the peer's key confirmation (no E2EE_CONFIRM_FAILED deadline)",
  hints: ["verify.confirm.withheld", "verify.confirm-strip"],
  variant: () => ({
    // The fault: no deadline.
    confirmDeadlineMs: null,
  }),
};
