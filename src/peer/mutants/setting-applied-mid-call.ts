/** Mutant (SPEC §2.1 P5): turning E2EE off during a call drops the live call's indicator. */
import type { PeerCall } from "../call.ts";
import type { Mutant } from "../mutants.ts";

export const settingAppliedMidCall: Mutant = {
  id: "setting-applied-mid-call",
  clause: "§2.1 P5",
  description: "Turning E2EE off during a call drops the live call's indicator instead of affecting the next call",
  hints: ["policy", "P5"],
  variant: () => {
    const seen = new Set<PeerCall>(); // every call this peer reported (all of them: each is reported when created)
    return {
      stateView: (c, s) => {
        if (!c.ended) seen.add(c);
        else seen.delete(c);
        return s;
      },
      settingsView: (s) => {
        // The fault: the change reaches the live calls (P5 says it waits for the next call).
        if (!s.enabled) { for (const c of seen) if (!c.ended && c.verification) c.verification = undefined; }
        return s;
      },
    };
  },
};
