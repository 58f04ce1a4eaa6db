/**
 * Mutant (SPEC §2.2 V4, §5.2): the callee checks the reveal against the commitment only in the usual order (reveal,
 * then offer); when the caller's offer arrives before the reveal, it skips the check.
 */
import type { PeerCall } from "../call.ts";
import type { Mutant } from "../mutants.ts";
import { calleeRecommitting } from "./_handshake.ts";

/** Watches `call.pendingOffer`: true once an offer waited for the reveal in an E2EE call. */
function offerCameFirst(call: PeerCall): () => boolean {
  let first = false;
  let value = call.pendingOffer;
  Object.defineProperty(call, "pendingOffer", {
    configurable: true,
    enumerable: true,
    get: () => value,
    set: (v) => {
      if (v !== undefined && call.topology === "relay" && call.revealedPk === undefined) first = true;
      value = v;
    },
  });
  return () => first;
}

export const offerFirstUnchecked: Mutant = {
  id: "offer-first-unchecked",
  clause: "§2.2 V4",
  description: "The callee skips the commitment check when the caller's offer arrives before the reveal",
  hints: ["verify.reorder"],
  variant: () => ({
    handshakes: {
      callee: (call, opts) => {
        const first = offerCameFirst(call);
        return calleeRecommitting(opts, (pkA, remoteFingerprint, hs) => {
          // The fault: in this order, take the reveal as matching (a commitment made up from what was revealed).
          if (first()) hs.takeAsMatching();
          return hs.current().onReveal(pkA, remoteFingerprint);
        });
      },
    },
  }),
};
