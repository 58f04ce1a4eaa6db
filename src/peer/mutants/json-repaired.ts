/**
 * Mutant (SPEC §6, S2 endpoint side): a service frame that is not JSON because its closing brace is missing is
 * repaired and read.
 */
import type { Mutant } from "../mutants.ts";
import { lenientIntake, tryJson } from "./_intake.ts";

export const jsonRepaired: Mutant = {
  id: "json-repaired",
  clause: "§6 S2",
  description: "A service frame that is not JSON because its closing brace is missing is repaired and read",
  hints: ["robustness"],
  variant: () => ({
    // The fault: the lenient step below, applied to a frame the reference ignores.
    frameIntake: lenientIntake("PROTO_PARSE", (_f, t) => (t === null ? undefined : tryJson(t + "}"))),
  }),
};
