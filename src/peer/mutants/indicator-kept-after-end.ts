/** Mutant (SPEC §2.2 V1): the indicator and the number stay on once an E2EE call has ended. */
import type { CallState } from "../../protocol/mod.ts";
import type { Mutant } from "../mutants.ts";

export const indicatorKeptAfterEnd: Mutant = {
  id: "indicator-kept-after-end",
  clause: "§2.2 V1",
  description: "The indicator and the number stay on after an E2EE call ended",
  hints: ["verify.hidden-after-end"],
  variant: () => {
    // The fault: what was last shown while the call ran is kept once it ends.
    const lastShown = new Map<string, CallState["e2ee"]>();
    return {
      stateView: (_c, s) => {
        if (s.e2ee.indicator) lastShown.set(s.callId, s.e2ee);
        const kept = lastShown.get(s.callId);
        return s.state === "ended" && kept ? { ...s, e2ee: kept } : s;
      },
    };
  },
};
