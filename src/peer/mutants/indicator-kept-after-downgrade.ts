/** Mutant (SPEC §2.2 V1): a caller that committed keeps showing the indicator after a downgrade. */
import type { Mutant } from "../mutants.ts";
import { showIndicatorWhen } from "./_view.ts";

export const indicatorKeptAfterDowngrade: Mutant = {
  id: "indicator-kept-after-downgrade",
  clause: "§2.2 V1",
  description: "A caller that committed keeps showing the indicator after a downgrade to a standard call",
  hints: ["adversary", "media"],
  variant: () => ({
    stateView: showIndicatorWhen((c) =>
      !c.ended && c.role === "caller" && c.localOffer !== undefined && c.topology === "processor" &&
      c.engine?.connectionState === "connected"
    ),
  }),
};
