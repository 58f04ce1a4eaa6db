/**
 * Mutant (SPEC §2.2 V1): the indicator and number show as soon as the number is derived, before the media connected.
 */
import type { Mutant } from "../mutants.ts";
import { showIndicatorWhen } from "./_view.ts";

export const indicatorBeforeConnected: Mutant = {
  id: "indicator-before-connected",
  clause: "§2.2 V1",
  description: "The E2EE indicator shows once the number is derived, before the media path connected",
  hints: ["verify.shown-only-connected"],
  variant: () => ({
    stateView: showIndicatorWhen((c) => !c.ended && c.topology === "relay" && c.verification !== undefined),
  }),
};
