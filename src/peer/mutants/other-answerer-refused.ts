/**
 * Mutant (SPEC §4.5 CC11, CC2): the caller accepts an answer only from the user it called; when the service reports
 * that the callee's simultaneous-ring user answered (`event peer-changed` before the call connected), it hangs up.
 */
import type { Mutant } from "../mutants.ts";

export const otherAnswererRefused: Mutant = {
  id: "other-answerer-refused",
  clause: "§2.4 F9",
  description: "The caller hangs up when a user other than the one it called answers (simultaneous ring)",
  hints: ["feature.simultaneous-ring"],
  variant: (peer) => ({
    onServiceMessage: (m) => {
      if (m.type !== "event" || m.name !== "peer-changed") return;
      const call = peer.calls().find((c) => c.callId === m.callId);
      // The fault: a peer change before the call connected is read as a wrong answer.
      if (call && call.role === "caller" && call.state !== "connected" && call.state !== "ended") {
        peer.hangup(m.callId).catch(() => {});
      }
    },
  }),
};
