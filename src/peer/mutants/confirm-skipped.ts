/**
 * Mutant (SPEC §5.9, §6.1, V1): when the peer's tag never comes, the endpoint shows the indicator and the number once
 * its DTLS connected, without a verified peer tag (the confirmation step skipped).
 */
import type { Mutant } from "../mutants.ts";
import { showIndicatorWhen } from "./_view.ts";

export const confirmSkipped: Mutant = {
  id: "confirm-skipped",
  clause: "§5.9",
  description: "The indicator and number show once the media connected, without the peer's verified key confirmation",
  hints: ["verify.confirm.withheld", "verify.confirm-strip", "media.anchor.caller"],
  variant: () => ({
    stateView: showIndicatorWhen((c) =>
      !c.ended && c.state === "connected" && c.topology === "relay" && c.verification !== undefined &&
      c.engine?.connectionState === "connected"
    ),
  }),
};
