/**
 * Mutant (SPEC §6, S2 endpoint side): message types are matched case-insensitively, so an unknown type such as Ended
 * is read as ended.
 */
import type { Mutant } from "../mutants.ts";
import { lenientIntake, tryJson } from "./_intake.ts";

export const typeCaseInsensitive: Mutant = {
  id: "type-case-insensitive",
  clause: "§6 S2",
  description: "Message types are matched case-insensitively, so an unknown type such as Ended is read as ended",
  hints: ["robustness"],
  variant: () => ({
    // The fault: the lenient step below, applied to a frame the reference ignores.
    frameIntake: lenientIntake("PROTO_UNKNOWN_TYPE", (_f, t) => {
      const v = t === null ? undefined : tryJson(t) as Record<string, unknown> | undefined;
      return v && typeof v.type === "string" ? { ...v, type: v.type.toLowerCase() } : undefined;
    }),
  }),
};
