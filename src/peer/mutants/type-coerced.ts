/**
 * Mutant (SPEC §6, S2 endpoint side): fields of the wrong type are coerced to the schema type (a number or an array
 * where a string belongs becomes a string).
 */
import type { Mutant } from "../mutants.ts";
import { lenientIntake, propertiesOf, tryJson } from "./_intake.ts";

export const typeCoerced: Mutant = {
  id: "type-coerced",
  clause: "§6 S2",
  description: "Fields of the wrong type are coerced to the schema type (a number or an array where a string belongs " +
    "becomes a string)",
  hints: ["robustness"],
  variant: () => ({
    // The fault: the lenient step below, applied to a frame the reference ignores.
    frameIntake: lenientIntake("PROTO_INVALID", (_f, t) => {
      const v = t === null ? undefined : tryJson(t) as Record<string, unknown> | undefined;
      const props = propertiesOf(v?.type);
      if (!v || !props) return undefined;
      // A string field holding a number, a boolean or an array is read as its String() form.
      const coerce = (k: string, x: unknown) =>
        props[k]?.type === "string" && (Array.isArray(x) || ["number", "boolean"].includes(typeof x)) ? String(x) : x;
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, coerce(k, x)]));
    }),
  }),
};
