/**
 * Mutant (SPEC §6, S2 endpoint side): the 65536-byte frame limit is counted in UTF-16 characters, so multi-byte text
 * up to 65536 characters is read.
 */
import type { Mutant } from "../mutants.ts";
import { lenientIntake, tryJson } from "./_intake.ts";

export const sizeInChars: Mutant = {
  id: "size-in-chars",
  clause: "§6 S2",
  description:
    "The 65536-byte frame limit is counted in UTF-16 characters, so multi-byte text up to 65536 characters is read",
  hints: ["robustness"],
  variant: () => ({
    // The fault: the lenient step below, applied to a frame the reference ignores.
    frameIntake: lenientIntake(
      "PROTO_TOO_LARGE",
      (_f, t) => (t !== null && t.length <= 65536 ? tryJson(t) : undefined),
    ),
  }),
};
