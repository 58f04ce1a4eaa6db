/** Mutant (SPEC §6, S2 endpoint side): a service frame over 65536 bytes is read like any other (no size limit). */
import type { Mutant } from "../mutants.ts";
import { lenientIntake, tryJson } from "./_intake.ts";

export const sizeUnchecked: Mutant = {
  id: "size-unchecked",
  clause: "§6 S2",
  description: "A service frame over 65536 bytes is read like any other (no size limit)",
  hints: ["robustness"],
  variant: () => ({
    // The fault: the lenient step below, applied to a frame the reference ignores.
    frameIntake: lenientIntake("PROTO_TOO_LARGE", (_f, t) => (t === null ? undefined : tryJson(t))),
  }),
};
