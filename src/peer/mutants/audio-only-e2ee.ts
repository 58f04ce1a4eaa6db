/**
 * Mutant (SPEC §2.3 M1): an E2EE call carries audio but no video (the video sender stops once the number is derived).
 */
import { REFERENCE_STRATEGIES } from "../strategies.ts";
import type { PeerCall } from "../call.ts";
import type { Mutant } from "../mutants.ts";
import { calleeWith, callerWith } from "./_handshake.ts";

/** Stops sending video on the call's PeerConnection (now, or once it exists). */
function dropVideo(call: PeerCall): void {
  const pc = call.engine?.pc as unknown as {
    getSenders(): { track: { kind: string; enabled: boolean } | null; replaceTrack(t: null): Promise<void> }[];
  } | undefined;
  for (const s of pc?.getSenders() ?? []) {
    if (s.track?.kind !== "video") continue;
    s.track.enabled = false;
    void s.replaceTrack(null).catch(() => {});
  }
}

export const audioOnlyE2ee: Mutant = {
  id: "audio-only-e2ee",
  clause: "§2.3 M1",
  description: "An E2EE call carries audio but no video",
  hints: ["media.video"],
  variant: () => ({
    // The fault: only in E2EE calls (the number is derived only there); the callee drops video after its answer.
    handshakes: {
      caller: (call, opts) => {
        const hs = REFERENCE_STRATEGIES.handshakes.caller(call, opts);
        return callerWith(hs, {
          acceptReceived(pk, fp, v, profile) {
            const out = hs.acceptReceived(pk, fp, v, profile);
            dropVideo(call);
            return out;
          },
        });
      },
      callee: (call, opts) => {
        const hs = REFERENCE_STRATEGIES.handshakes.callee(call, opts);
        return calleeWith(() => hs, {
          checkFingerprint(side, fp) {
            hs.checkFingerprint(side, fp);
            // Called on the callee's own answer (SPEC §6.1), once its senders exist.
            if (side === "callee") dropVideo(call);
          },
        });
      },
    },
  }),
};
