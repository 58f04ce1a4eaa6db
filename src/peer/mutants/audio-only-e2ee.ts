/** Mutant (SPEC §2.3 M1): an E2EE call carries audio but no video (the video sender stops once the number is derived). */
import type { FinishFingerprints } from "../../crypto/mod.ts";
import type { PeerCall } from "../call.ts";
import { REFERENCE_STRATEGIES } from "../strategies.ts";
import type { Mutant } from "../mutants.ts";

/** Stops sending video on the call's PeerConnection. */
function dropVideo(call: PeerCall): void {
  const pc = call.engine?.pc as unknown as { getSenders(): { track: { kind: string; enabled: boolean } | null; replaceTrack(t: null): Promise<void> }[] } | undefined;
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
    handshakes: {
      caller: (call, opts) => {
        const hs = REFERENCE_STRATEGIES.handshakes.caller(call, opts);
        return {
          get publicKey() {
            return hs.publicKey;
          },
          commit: (fp) => hs.commit(fp),
          acceptReceived: (pk) => hs.acceptReceived(pk),
          reveal: () => hs.reveal(),
          finish: (fps: FinishFingerprints) => {
            const v = hs.finish(fps);
            dropVideo(call); // the fault: only in E2EE calls (the handshake finishes only there)
            return v;
          },
        };
      },
      callee: (call, opts) => {
        const hs = REFERENCE_STRATEGIES.handshakes.callee(call, opts);
        return {
          get publicKey() {
            return hs.publicKey;
          },
          onReveal: (pk, fp) => hs.onReveal(pk, fp),
          finish: (fps: FinishFingerprints) => {
            const v = hs.finish(fps);
            dropVideo(call);
            return v;
          },
        };
      },
    },
  }),
};
