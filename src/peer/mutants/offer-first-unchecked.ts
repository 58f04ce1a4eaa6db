/**
 * Mutant (SPEC §2.2 V4, §5.2): the callee checks the reveal against the commitment only in the usual order (reveal,
 * then offer); when the caller's offer arrives before the reveal, it skips the check.
 */
import { CalleeHandshake, commitment, generateKeyPair, normaliseFingerprint } from "../../crypto/mod.ts";
import type { PeerCall } from "../call.ts";
import type { Mutant } from "../mutants.ts";
import { calleeWith } from "./_handshake.ts";

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
        const privateKey = generateKeyPair().privateKey;
        let hs = new CalleeHandshake({ ...opts, privateKey });
        let fpB = "";
        return calleeWith(() => hs, {
          accept(fp) {
            fpB = fp;
            return hs.accept(fp);
          },
          onReveal(pkA, remoteFingerprint) {
            if (first()) {
              // The fault: in this order, take the reveal as matching (a commitment made up from what was revealed).
              const commit = commitment(opts.callId, opts.versions, pkA, normaliseFingerprint(remoteFingerprint));
              hs = new CalleeHandshake({ ...opts, privateKey, commit });
              hs.accept(fpB);
            }
            return hs.onReveal(pkA, remoteFingerprint);
          },
        });
      },
    },
  }),
};
