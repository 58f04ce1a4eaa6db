/** Mutant (SPEC §5.3): the callee accepts a revealed low-order key and derives a number from an all-zero secret. */
import { CalleeHandshake, normaliseFingerprint } from "../../crypto/mod.ts";
import type { Mutant } from "../mutants.ts";
import { calleeWith, verificationFromZeroSecret } from "./_handshake.ts";

export const calleeLowOrderAccepted: Mutant = {
  id: "callee-low-order-accepted",
  clause: "§5.3",
  description:
    "The callee accepts a revealed low-order X25519 key (all-zero shared secret) instead of ending the call " +
    "with E2EE_LOW_ORDER_KEY",
  hints: ["verify.low-order"],
  variant: () => ({
    handshakes: {
      callee: (_call, opts) => {
        const hs = new CalleeHandshake(opts);
        let fpB = "";
        return calleeWith(() => hs, {
          accept(fp) {
            fpB = normaliseFingerprint(fp);
            return hs.accept(fp);
          },
          onReveal(pkA, remoteFingerprint) {
            try {
              return hs.onReveal(pkA, remoteFingerprint);
            } catch (e) {
              if ((e as { code?: string }).code !== "E2EE_LOW_ORDER_KEY") throw e;
              // The fault: carry on with the all-zero secret (hashed, so no later all-zero check sees it).
              return verificationFromZeroSecret({
                callId: opts.callId,
                callerId: opts.callerId,
                calleeId: opts.calleeId,
                versions: hs.versions,
                version: hs.version,
                commit: opts.commit,
                pkA: pkA.slice(),
                fpA: normaliseFingerprint(remoteFingerprint),
                pkB: hs.publicKey,
                fpB,
              });
            }
          },
        });
      },
    },
  }),
};
