/**
 * Mutant (SPEC §6, S2 endpoint side): a service frame that starts with a UTF-8 byte order mark is parsed with the BOM
 * stripped.
 */
import type { Mutant } from "../mutants.ts";
import { lenientIntake, tryJson } from "./_intake.ts";

export const bomStripped: Mutant = {
  id: "bom-stripped",
  clause: "§6 S2",
  description: "A service frame that starts with a UTF-8 byte order mark is parsed with the BOM stripped",
  hints: ["robustness"],
  variant: () => ({
    // The fault: the lenient step below, applied to a frame the reference ignores.
    frameIntake: lenientIntake("PROTO_PARSE", (_f, t) => (t?.startsWith("\uFEFF") ? tryJson(t.slice(1)) : undefined)),
  }),
};
