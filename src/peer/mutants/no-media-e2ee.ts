/**
 * Mutant (SPEC §2.3 M1): an E2EE call carries no media from this endpoint. Its media gate never opens once the call
 * runs over the relay, so the handshake, the confirmation and the indicator all complete, but nothing is sent.
 */
import type { Mutant } from "../mutants.ts";

export const noMediaE2ee: Mutant = {
  id: "no-media-e2ee",
  clause: "§2.3 M1",
  description: "An E2EE call comes up with the indicator, but the endpoint never sends its audio or video",
  hints: ["media.both-ways", "media"],
  variant: () => ({
    // The fault: the gate stays shut for a relayed (E2EE) call even after the peer's tag verified.
    mediaAllowed: (call) => call.topology === "processor",
  }),
};
