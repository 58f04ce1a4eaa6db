/** Mutant (SPEC §2.3 M1): an E2EE call carries audio but no video (the video sender stops once the number is derived). */
import type { PeerCall } from "../call.ts";
import type { Mutant } from "../mutants.ts";
import { withFinish } from "./_handshake.ts";

/** Stops sending video on the call's PeerConnection. */
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
    // The fault: only in E2EE calls (the handshake finishes only there).
    handshakes: withFinish((call, _role, fps, honest) => {
      const v = honest(fps);
      dropVideo(call);
      return v;
    }),
  }),
};
