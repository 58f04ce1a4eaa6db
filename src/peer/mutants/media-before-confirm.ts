/**
 * Mutant (SPEC §5.9): outgoing RTP media flows as soon as the media connects, before the peer's key-confirmation tag
 * verified (the indicator still waits for it).
 */
import type { Mutant } from "../mutants.ts";

export const mediaBeforeConfirm: Mutant = {
  id: "media-before-confirm",
  clause: "§5.9",
  description: "Outgoing RTP media is sent before the peer's key confirmation verified",
  hints: ["verify.confirm.withheld", "verify.confirm-strip", "media.anchor.caller"],
  variant: () => ({
    // The fault: the media gate ignores the confirmation.
    mediaAllowed: () => true,
  }),
};
