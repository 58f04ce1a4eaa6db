/**
 * What-if experiment for bench/call-setup (`--what-if udp-gather`), never used for the headline figures: makes the
 * reference peers' PeerConnections report ICE gathering "complete" once the burst of UDP host candidates is over
 * (QUIET_MS after the last one) instead of ~100 ms later, when libwebrtc's TCP allocation step adds TCP host
 * candidates that neither the relay (UDP only, SPEC §4.3 TR3) nor the processor's loopback legs use. It measures
 * the fix proposed for src/peer/media_engine.ts without changing src/: it wraps `wrtc.RTCPeerConnection`, which
 * MediaEngine looks up per call; the bare pairs and the processor captured the constructor earlier and stay as is.
 */
import wrtc from "@roamhq/wrtc";

/** Quiet period after the last UDP candidate, in ms. */
export const QUIET_MS = 10;

type PC = InstanceType<typeof wrtc.RTCPeerConnection>;

/** Installs the wrapper; returns a function that removes it. */
export function installUdpGather(): () => void {
  const Original = wrtc.RTCPeerConnection;
  function Wrapped(this: unknown, config?: unknown) {
    const pc = new Original(config as never) as PC;
    let complete = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    pc.addEventListener("icecandidate", (e: { candidate: { candidate: string } | null }) => {
      if (!e.candidate || complete || !/ udp /i.test(e.candidate.candidate)) return;
      clearTimeout(timer);
      timer = setTimeout(() => {
        complete = true;
        pc.dispatchEvent({ type: "icegatheringstatechange", target: pc } as never);
      }, QUIET_MS);
    });
    return new Proxy(pc, {
      get(target, prop) {
        if (prop === "iceGatheringState" && complete && target.iceGatheringState === "gathering") return "complete";
        const v = Reflect.get(target, prop, target);
        return typeof v === "function" ? v.bind(target) : v;
      },
      set(target, prop, value) {
        return Reflect.set(target, prop, value, target);
      },
    });
  }
  (wrtc as { RTCPeerConnection: unknown }).RTCPeerConnection = Wrapped;
  return () => {
    (wrtc as { RTCPeerConnection: unknown }).RTCPeerConnection = Original;
  };
}
