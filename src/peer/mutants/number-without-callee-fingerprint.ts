/** Mutant (SPEC §5.4): the number is derived without the callee's fingerprint (fpB is filled with fpA). */
import type { FinishFingerprints } from "../../crypto/mod.ts";
import { REFERENCE_STRATEGIES } from "../strategies.ts";
import type { Mutant } from "../mutants.ts";

export const numberWithoutCalleeFingerprint: Mutant = {
  id: "number-without-callee-fingerprint",
  clause: "§2.2 V2",
  description: "The verification number leaves out the callee's DTLS fingerprint (fpA stands in for fpB)",
  hints: ["verify.mitm-differs", "verify.honest-equal"],
  variant: () => ({
    handshakes: {
      caller: (call, opts) => {
        const hs = REFERENCE_STRATEGIES.handshakes.caller(call, opts);
        return {
          get publicKey() {
            return hs.publicKey;
          },
          commit: (fp) => hs.commit(fp),
          acceptReceived: (pk) => hs.acceptReceived(pk),
          reveal: () => hs.reveal(),
          // The fault: the caller's own fingerprint (fpA) where the callee's (fpB, the remote one) belongs.
          finish: (fps: FinishFingerprints) => hs.finish({ localFingerprint: fps.localFingerprint, remoteFingerprint: fps.localFingerprint }),
        };
      },
      callee: (call, opts) => {
        const hs = REFERENCE_STRATEGIES.handshakes.callee(call, opts);
        return {
          get publicKey() {
            return hs.publicKey;
          },
          onReveal: (pk, fp) => hs.onReveal(pk, fp),
          // The fault: the caller's fingerprint (fpA, the remote one) where the callee's own (fpB) belongs.
          finish: (fps: FinishFingerprints) => hs.finish({ localFingerprint: fps.remoteFingerprint, remoteFingerprint: fps.remoteFingerprint }),
        };
      },
    },
  }),
};
