/** Mutant (SPEC §2.2 V1): the E2EE indicator is shown in a standard call once it connects. */
import type { Mutant } from "../mutants.ts";
import { showIndicatorWhen } from "./_view.ts";

export const indicatorInStandardCall: Mutant = {
  id: "indicator-in-standard-call",
  clause: "§2.2 V1",
  description: "The E2EE indicator is shown in a standard call once it connects",
  hints: ["opt-in", "verify"],
  variant: () => ({
    stateView: showIndicatorWhen((c) =>
      !c.ended && c.topology === "processor" && c.engine?.connectionState === "connected"
    ),
  }),
};
