/** Mutant (SPEC §5.9): the peer's key-confirmation tag is taken without checking it. */
import type { Mutant } from "../mutants.ts";

export const confirmNotChecked: Mutant = {
  id: "confirm-not-checked",
  clause: "§5.9",
  description: "The peer's key-confirmation tag is accepted without being verified",
  hints: ["verify.confirm"],
  variant: () => ({
    confirmCheck: () => {
      // The fault: any tag passes.
    },
  }),
};
