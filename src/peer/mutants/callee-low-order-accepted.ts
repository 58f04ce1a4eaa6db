/** Mutant (SPEC §5.3): the callee accepts a revealed low-order key and derives a number from an all-zero secret. */
import type { Mutant } from "../mutants.ts";
import { calleeZeroSecretOnReveal } from "./_handshake.ts";

export const calleeLowOrderAccepted: Mutant = {
  id: "callee-low-order-accepted",
  clause: "§5.3",
  description:
    "The callee accepts a revealed low-order X25519 key (all-zero shared secret) instead of ending the call " +
    "with E2EE_LOW_ORDER_KEY",
  hints: ["verify.low-order"],
  variant: () => ({
    handshakes: {
      // The fault: carry on with the all-zero secret (hashed, so no later all-zero check sees it).
      callee: (_call, opts) =>
        calleeZeroSecretOnReveal(opts, (e) => (e as { code?: string }).code === "E2EE_LOW_ORDER_KEY"),
    },
  }),
};
