/** Mutant (SPEC §2.4 F4): transfer is offered in an E2EE call. */
import type { Mutant } from "../mutants.ts";
import { offerInE2ee } from "./_view.ts";

export const transferOfferedE2ee: Mutant = {
  id: "transfer-offered-e2ee",
  clause: "§2.4 F4",
  description: "Transfer is offered in an E2EE call",
  hints: ["F4", "features"],
  variant: () => ({ stateView: offerInE2ee(["transfer-blind", "transfer-consult", "transfer-safe"]) }),
};
