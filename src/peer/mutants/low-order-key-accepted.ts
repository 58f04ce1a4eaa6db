/**
 * Mutant (SPEC §5.3): the caller accepts a low-order key from the callee and derives a number from an all-zero secret.
 */
import { CallerHandshake, fingerprintFromBytes, normaliseFingerprint } from "../../crypto/mod.ts";
import type { Mutant } from "../mutants.ts";
import { callerWith, verificationFromZeroSecret } from "./_handshake.ts";

export const lowOrderKeyAccepted: Mutant = {
  id: "low-order-key-accepted",
  clause: "§5.3",
  description: "The caller accepts a low-order X25519 key (all-zero shared secret) instead of ending the call with " +
    "E2EE_LOW_ORDER_KEY",
  hints: ["verify.low-order"],
  variant: () => ({
    handshakes: {
      caller: (_call, opts) => {
        const hs = new CallerHandshake(opts);
        let commit: Uint8Array = new Uint8Array(0);
        let fpA = "";
        let failed = false;
        return callerWith(hs, {
          commit(fp) {
            fpA = normaliseFingerprint(fp);
            return (commit = hs.commit(fp));
          },
          acceptReceived(pkB, fpB, version, profile) {
            try {
              return hs.acceptReceived(pkB, fpB, version, profile);
            } catch (e) {
              if ((e as { code?: string }).code !== "E2EE_LOW_ORDER_KEY") throw e;
              failed = true;
              // The fault: carry on with the all-zero shared secret.
              return verificationFromZeroSecret({
                callId: opts.callId,
                callerId: opts.callerId,
                calleeId: opts.calleeId,
                versions: hs.versions,
                version,
                commit,
                pkA: hs.publicKey,
                fpA,
                pkB: pkB.slice(),
                fpB: typeof fpB === "string" ? normaliseFingerprint(fpB) : fingerprintFromBytes(fpB),
              });
            }
          },
          reveal: () => (failed ? hs.publicKey.slice() : hs.reveal()),
        });
      },
    },
  }),
};
