/** Mutant (SPEC §2.2 V2): the number is derived from the call id alone, so a man in the middle goes unnoticed. */
import { sha256 } from "@noble/hashes/sha2.js";
import { numberFromOkm } from "../../crypto/mod.ts";
import type { Mutant } from "../mutants.ts";
import { replaceNumber } from "./_view.ts";

export const numberFromCallId: Mutant = {
  id: "number-from-call-id",
  clause: "§2.2 V2",
  description: "The verification number is derived from the call id alone, so a man in the middle goes unnoticed",
  hints: ["verify", "adversary"],
  variant: () => ({
    stateView: replaceNumber((c) => numberFromOkm(sha256(new TextEncoder().encode(c.callId)).subarray(0, 16))),
  }),
};
