/** Mutant (SPEC §5.9, V1): the indicator shows once the media connected, without waiting for the peer's confirmation. */
import type { Mutant } from "../mutants.ts";
import { showIndicatorWhen } from "./_view.ts";

export const indicatorWithoutConfirm: Mutant = {
  id: "indicator-without-confirm",
  clause: "§5.9",
  description: "The indicator shows before the peer's key confirmation verified (the anchor gap reopened)",
  hints: ["verify.confirm.withheld"],
  variant: () => ({
    stateView: showIndicatorWhen((c) =>
      !c.ended && c.state === "connected" && c.topology === "relay" && c.verification !== undefined &&
      c.engine?.connectionState === "connected"
    ),
  }),
};
