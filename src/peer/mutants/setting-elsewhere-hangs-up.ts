/**
 * Mutant (SPEC §2.1 P5): when the user turns E2EE off on another device, the client hangs up its live E2EE calls
 * (a change made on this device is handled correctly).
 */
import type { Mutant } from "../mutants.ts";

export const settingElsewhereHangsUp: Mutant = {
  id: "setting-elsewhere-hangs-up",
  clause: "§2.1 P5",
  description: "Turning E2EE off on another device of the user hangs up the live E2EE calls on this one",
  hints: ["policy.mid-call.other-device"],
  variant: (peer) => {
    let own = 0; // changes in flight from this device
    const setSettings = peer.setSettings.bind(peer);
    peer.setSettings = async (enabled: boolean) => {
      own++;
      try {
        return await setSettings(enabled);
      } finally {
        own--;
      }
    };
    return {
      settingsView: (s) => {
        if (!s.enabled && own === 0) {
          // The fault: a change pushed from another device reaches the live E2EE calls.
          for (const c of peer.calls()) {
            if (c.state !== "ended" && c.topology === "relay") {
              setTimeout(() => void peer.hangup(c.callId).catch(() => {}), 0);
            }
          }
        }
        return s;
      },
    };
  },
};
