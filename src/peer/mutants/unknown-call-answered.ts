/**
 * Mutant (SPEC §6 endpoint side, S2): the client answers `ended` or `cancelled` for a call it does not know with a
 * `hangup` of that call, which the service must refuse (CALL_NOT_FOUND); its own calls are unaffected.
 */
import type { Mutant } from "../mutants.ts";

export const unknownCallAnswered: Mutant = {
  id: "unknown-call-answered",
  clause: "§2.5 S2",
  description: "An `ended` or `cancelled` for an unknown call is answered with a hangup the service must refuse",
  hints: ["robustness"],
  variant: (peer) => ({
    onServiceMessage: (m, send) => {
      if (m.type !== "ended" && m.type !== "cancelled") return;
      if (peer.calls().some((c) => c.callId === m.callId)) return;
      // The fault: a reply to a frame it should have ignored.
      send({ type: "hangup", callId: m.callId, reason: "unknown call" });
    },
  }),
};
