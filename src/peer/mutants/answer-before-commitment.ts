/**
 * Mutant (SPEC §6.1 no answer on a mismatch, §5.2): the callee applies the caller's offer and sends its answer before
 * it checks the commitment; the check still fails the call closed (§5.8), but only after the answer has left.
 */
import { CalleeHandshake } from "../../crypto/mod.ts";
import type { ClientMessage } from "../../protocol/mod.ts";
import type { Mutant } from "../mutants.ts";

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
          const hs = new CalleeHandshake(opts);
          let mismatch: unknown;
          return {
            get publicKey() {
              return hs.publicKey;
            },
            onReveal(pkA, fp) {
              try {
                hs.onReveal(pkA, fp);
              } catch (e) {
                mismatch = e; // The fault: the check's verdict waits until the answer is out.
              }
            },
            finish(fps) {
              if (mismatch === undefined) return hs.finish(fps);
              const sdp = call.engine?.localSdp;
              if (sdp) send?.({ type: "sdp", callId: call.callId, description: { type: "answer", sdp } });
              throw mismatch;
            },
          };
        },
      },
    };
  },
};
