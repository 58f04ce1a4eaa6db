/**
 * Mutant (SPEC §6.1 no answer on a mismatch, §5.2): the callee applies the caller's offer and sends its answer before
 * it checks the commitment; the check still fails the call closed (§5.8), but only after the answer has left.
 */
import type { ClientMessage } from "../../protocol/mod.ts";
import type { Mutant } from "../mutants.ts";
import { calleeZeroSecretOnReveal } from "./_handshake.ts";

export const answerBeforeCommitment: Mutant = {
  id: "answer-before-commitment",
  clause: "§6.1",
  description: "The callee builds and sends its SDP answer before it checks the commitment (then fails closed)",
  hints: ["handshake.no-answer-on-mismatch"],
  variant: () => {
    let send: ((m: ClientMessage) => boolean) | undefined;
    return {
      onServiceMessage: (_m, s) => {
        send = s;
      },
      handshakes: {
        callee: (call, opts) => {
          let mismatch: unknown;
          return calleeZeroSecretOnReveal(opts, (e) => {
            mismatch = e; // The fault: the check's verdict waits until the answer is out.
            return true;
          }, (hs) => ({
            checkFingerprint(side, fp) {
              if (mismatch === undefined) return hs.checkFingerprint(side, fp);
              // Called once the answer is built (SPEC §6.1): send it, then let the mismatch end the call.
              const sdp = call.engine?.localSdp;
              if (sdp) send?.({ type: "sdp", callId: call.callId, description: { type: "answer", sdp } });
              throw mismatch;
            },
          }));
        },
      },
    };
  },
};
