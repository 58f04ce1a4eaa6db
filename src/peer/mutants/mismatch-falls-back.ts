/** Mutant (SPEC §2.2 V4, §5.8): on a commitment mismatch the callee continues as a standard call. */
import { CalleeHandshake } from "../../crypto/mod.ts";
import type { Verification } from "../../crypto/mod.ts";
import type { Mutant } from "../mutants.ts";
import { calleeWith } from "./_handshake.ts";

export const mismatchFallsBack: Mutant = {
  id: "mismatch-falls-back",
  clause: "§2.2 V4",
  description: "On a commitment mismatch the callee continues as a standard call instead of ending it",
  hints: ["verify", "adversary"],
  variant: () => ({
    handshakes: {
      callee: (call, opts) => {
        const hs = new CalleeHandshake(opts);
        return calleeWith(() => hs, {
          onReveal(pkA, remoteFingerprint) {
            try {
              return hs.onReveal(pkA, remoteFingerprint);
            } catch {
              // The fault: forget the handshake and let the flow answer the offer with no number (a standard call).
              call.calleeHs = undefined;
              return undefined as unknown as Verification;
            }
          },
        });
      },
    },
  }),
};
