/**
 * Mutant (SPEC §6, S2 endpoint side): a service message with an unknown extra property is read with that property
 * dropped (the schemas are closed).
 */
import type { Mutant } from "../mutants.ts";
import { lenientIntake, propertiesOf, tryJson } from "./_intake.ts";

export const extraPropertyAccepted: Mutant = {
  id: "extra-property-accepted",
  clause: "§6 S2",
  description:
    "A service message with an unknown extra property is read with that property dropped (the schemas are closed)",
  hints: ["robustness"],
  variant: () => ({
    // The fault: the lenient step below, applied to a frame the reference ignores.
    frameIntake: lenientIntake("PROTO_INVALID", (_f, t) => {
      const v = t === null ? undefined : tryJson(t) as Record<string, unknown> | undefined;
      const props = propertiesOf(v?.type);
      return v && props ? Object.fromEntries(Object.entries(v).filter(([k]) => Object.hasOwn(props, k))) : undefined;
    }),
  }),
};
