/**
 * When a non-trickle SDP is ready to send (SPEC §4.3 TR2, §4.4 MP2): once ICE gathering is `complete`, or once the
 * endpoint's UDP candidates are gathered. The relay is UDP only (TR3) and the processor's legs connect over UDP, so
 * TCP candidates are never used; libwebrtc adds them in a later allocation step (about 100 ms after the UDP host
 * candidates), and waiting for them cost every set-up two sequential ~100 ms waits.
 *
 * Pure: works on any event target shaped like RTCPeerConnection (no node:*, no wrtc import).
 */

/** The parts of RTCPeerConnection the wait needs. */
export interface GatheringSource {
  readonly iceGatheringState: string;
  /** Candidates gathered before the wait began are read from here. */
  readonly localDescription?: { sdp: string } | null;
  // deno-lint-ignore no-explicit-any
  addEventListener(type: string, fn: (ev: any) => void): void;
  // deno-lint-ignore no-explicit-any
  removeEventListener(type: string, fn: (ev: any) => void): void;
}

/** Options of udpGathered(). */
export interface UdpGatheredOptions {
  /** Bound on the whole wait, in ms. */
  timeoutMs: number;
  /** Quiet period after the last UDP candidate that ends the UDP step, in ms (default UDP_QUIET_MS). */
  quietMs?: number;
  /** Polled every 50 ms (closing a PeerConnection fires no gathering event); true ends the wait with "closed". */
  isClosed?: () => boolean;
}

/** Why the wait ended: gathering complete, the UDP step over, the bound reached, or the connection closed. */
export type GatheredBy = "complete" | "udp" | "timeout" | "closed";

/**
 * Quiet period after the last UDP candidate, in ms. libwebrtc emits every UDP host candidate of every network and
 * transport in one burst (measured: 8 candidates within 0.6 ms); 10 ms of silence ends that burst.
 */
export const UDP_QUIET_MS = 10;

/** The transport of an `a=candidate` / `candidate:` attribute ("udp", "tcp"), or null when it has none. */
export function candidateTransport(candidate: string): string | null {
  // candidate:<foundation> <component> <transport> <priority> <address> <port> typ <type> … (RFC 8839 §5.1)
  const m = /^(?:a=)?candidate:\S+ \d+ (\S+) /i.exec(candidate);
  return m ? m[1]!.toLowerCase() : null;
}

/**
 * Resolves once the local SDP may be sent (SPEC §4.3 TR2): ICE gathering reached `complete`; or at least one UDP
 * candidate was gathered and then either a TCP candidate arrived (libwebrtc allocates TCP only after UDP) or
 * `quietMs` passed with no new UDP candidate. Never rejects: the caller decides what a timeout or a close means.
 */
export function udpGathered(pc: GatheringSource, opts: UdpGatheredOptions): Promise<GatheredBy> {
  const quietMs = opts.quietMs ?? UDP_QUIET_MS;
  return new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve("complete");
    let udp = 0;
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const finish = (by: GatheredBy) => {
      clearTimeout(quiet);
      clearTimeout(bound);
      clearInterval(poll);
      pc.removeEventListener("icegatheringstatechange", onState);
      pc.removeEventListener("icecandidate", onCandidate);
      resolve(by);
    };
    const onState = () => {
      if (pc.iceGatheringState === "complete") finish("complete");
    };
    const onUdp = () => {
      udp++;
      clearTimeout(quiet);
      quiet = setTimeout(() => finish("udp"), quietMs);
    };
    const onCandidate = (ev: { candidate?: { candidate?: string } | null }) => {
      const c = ev.candidate?.candidate;
      if (!c) return finish("complete"); // end-of-candidates
      const transport = candidateTransport(c);
      if (transport === "udp") onUdp();
      else if (transport === "tcp" && udp > 0) finish("udp");
    };
    const poll = setInterval(() => {
      if (opts.isClosed?.()) finish("closed");
    }, 50);
    const bound = setTimeout(() => finish("timeout"), opts.timeoutMs);
    pc.addEventListener("icegatheringstatechange", onState);
    pc.addEventListener("icecandidate", onCandidate);
    // Candidates gathered before this call are already in the local description: their burst may be over.
    const early = (pc.localDescription?.sdp ?? "").split(/\r?\n/).filter((l) => candidateTransport(l) === "udp").length;
    if (early > 0) onUdp();
  });
}
