/**
 * Mutant (SPEC §6.1): the caller applies the SDP answer without checking that its fingerprint is the `fp` the callee
 * bound in `accept`.
 */
import type { Mutant } from "../mutants.ts";

export const answerFpUnchecked: Mutant = {
  id: "answer-fp-unchecked",
  clause: "§6.1",
  description: "The caller applies an SDP answer whose fingerprint differs from the one in the callee's accept",
  hints: ["verify.answer-fp-swap"],
  variant: () => ({
    // The fault: no check before the answer is applied.
    answerFingerprintCheck: () => {},
  }),
};
