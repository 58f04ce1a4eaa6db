/**
 * Mutant (SPEC §2.2 V1): the indicator follows the topology — on as soon as the service chose the relay (E2EE
 * negotiated), before any number was derived or the handshake completed — instead of the completed handshake.
 */
import type { Mutant } from "../mutants.ts";
import { showIndicatorWhen } from "./_view.ts";

export const indicatorFromTopology: Mutant = {
  id: "indicator-from-topology",
  clause: "§2.2 V1",
  description:
    "The E2EE indicator shows as soon as the call is routed E2EE (relay topology), before the handshake completed",
  hints: ["verify.swap-commit", "media.anchor.caller"],
  variant: () => ({
    stateView: showIndicatorWhen((c) => !c.ended && c.topology === "relay"),
  }),
};
