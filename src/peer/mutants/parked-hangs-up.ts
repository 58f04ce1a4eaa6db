/**
 * Mutant (SPEC §4.5 CC7, §2.4 F5): the parked party takes the service's `event parked` for the end of its call and
 * hangs up, instead of keeping its call and media while the service moves the other leg (features move legs between
 * bridges; the parked party renegotiates nothing and waits).
 */
import type { Mutant } from "../mutants.ts";

export const parkedHangsUp: Mutant = {
  id: "parked-hangs-up",
  clause: "§2.4 F5",
  description: "The parked party hangs up on `event parked` instead of waiting in its call",
  hints: ["feature.park"],
  variant: (peer) => ({
    onServiceMessage: (m) => {
      // The fault: a call-control event read as the end of the call.
      if (m.type === "event" && m.name === "parked") peer.hangup(m.callId).catch(() => {});
    },
  }),
};
