/**
 * Mutant (SPEC §6, S2 endpoint side): a service frame holding a JSON array is read as the message in its first
 * element.
 */
import type { Mutant } from "../mutants.ts";
import { lenientIntake, tryJson } from "./_intake.ts";

export const arrayUnwrapped: Mutant = {
  id: "array-unwrapped",
  clause: "§6 S2",
  description: "A service frame holding a JSON array is read as the message in its first element",
  hints: ["robustness"],
  variant: () => ({
    // The fault: the lenient step below, applied to a frame the reference ignores.
    frameIntake: lenientIntake("PROTO_INVALID", (_f, t) => {
      const v = t === null ? undefined : tryJson(t);
      return Array.isArray(v) ? v[0] : undefined;
    }),
  }),
};
