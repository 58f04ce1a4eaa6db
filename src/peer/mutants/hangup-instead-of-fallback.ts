/**
 * Mutant (SPEC §2.1 P4): a user who turned E2EE on gets a standard call, and the client hangs up instead of falling
 * back.
 */
import type { Mutant } from "../mutants.ts";

export const hangupInsteadOfFallback: Mutant = {
  id: "hangup-instead-of-fallback",
  clause: "§2.1 P4",
  description:
    "When a call turns out standard although the user turned E2EE on, the client hangs up instead of proceeding",
  hints: ["opt-in"],
  variant: (peer) => {
    let wanted = false;
    const hungUp = new Set<string>();
    peer.on("changed", (s) => {
      // The fault: P4 says the call proceeds as a standard call; this client gives up on it.
      if (wanted && s.topology === "processor" && s.state !== "ended" && !hungUp.has(s.callId)) {
        hungUp.add(s.callId);
        setTimeout(() => void peer.hangup(s.callId).catch(() => {}), 0);
      }
    });
    return {
      settingsView: (s) => {
        wanted = s.enabled;
        return s;
      },
    };
  },
};
