/**
 * Mutant (SPEC §6.1 session closed by the service): after the service closes the peer's signaling connection (4401:
 * its token was revoked or expired) the peer keeps reporting its live calls as they were — connected, indicator on,
 * same number — instead of ending them.
 */
import type { CallState } from "../../protocol/mod.ts";
import type { Mutant } from "../mutants.ts";

export const callKeptAfterSessionClosed: Mutant = {
  id: "call-kept-after-session-closed",
  clause: "§6.1",
  description: "A call ended by the loss of the signaling session is still reported connected with the indicator on",
  hints: ["robustness.session-closed"],
  variant: () => {
    const last = new Map<string, CallState>(); // per peer: each call's last state before it ended
    return {
      stateView: (call, honest) => {
        if (!call.ended) {
          last.set(call.callId, honest);
          return honest;
        }
        // The fault: the session's loss does not end the call as the user sees it.
        return call.endReason?.startsWith("signaling lost") ? last.get(call.callId) ?? honest : honest;
      },
    };
  },
};
