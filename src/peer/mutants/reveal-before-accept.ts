/**
 * Mutant (SPEC §5.2, V4): the caller sends its key as soon as the callee rings — before the callee's accept — and
 * again after the accept as usual, so the call still works; only the order of its messages is wrong.
 */
import { base64urlEncode } from "../../crypto/mod.ts";
import { REFERENCE_STRATEGIES } from "../strategies.ts";
import type { Mutant } from "../mutants.ts";

export const revealBeforeAccept: Mutant = {
  id: "reveal-before-accept",
  clause: "§5.2",
  description: "The caller reveals its key before it has received the callee's accept (and again after it)",
  hints: ["verify.reveal-after-accept"],
  variant: () => {
    const keys = new Map<string, Uint8Array>(); // callId → pkA, until sent early
    return {
      handshakes: {
        caller: (call, opts) => {
          const hs = REFERENCE_STRATEGIES.handshakes.caller(call, opts);
          keys.set(call.callId, hs.publicKey);
          return hs;
        },
      },
      onServiceMessage: (m, send) => {
        if (m.type !== "ringing") return;
        const pk = keys.get(m.callId);
        if (!pk) return;
        keys.delete(m.callId);
        // The fault: pkA leaves before the accept (the service refuses it with BAD_STATE, and records it).
        send({ type: "reveal", callId: m.callId, pk: base64urlEncode(pk) });
      },
    };
  },
};
