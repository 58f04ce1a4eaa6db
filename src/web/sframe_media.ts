/**
 * The page side of the web client's SFrame calls (SPEC §13.7, §13.11): one worker for every call of a client
 * (./sframe_calls.ts runs in it, served as `sframe-worker.js`), an `RTCRtpScriptTransform` on every sender and
 * receiver of an SFrame call's PeerConnection, the call's base keys (SPEC §13.3) and its gate handed to the worker,
 * and the counters the worker reports. Browser only, except `sframeSupported` and `peerFramesOpen`.
 */
import type { WebMutantId } from "./mutants.ts";
import type { CallReport, CallTransformOptions, ToWorker } from "./sframe_calls.ts";

/** The worker bundle's path next to the page (src/web/host/static_server.ts serves it). */
export const SFRAME_WORKER = "sframe-worker.js";

/**
 * SPEC §13.11 (SF9): the indicator goes off when no peer frame opened for this long while frames kept dropping. Half
 * the second SPEC §13.11 and §8 (`sframe-strip`) allow, so that the worker's report interval (REPORT_MS) and a busy
 * page still turn it off within 1 s of the first frame that does not open.
 */
export const PEER_FRAME_MS = 500;

/** SPEC §7: this browser implements the SFrame profile when it has encoded-frame transforms in a worker. */
export function sframeSupported(): boolean {
  const g = globalThis as { RTCRtpScriptTransform?: unknown; Worker?: unknown };
  return typeof g.RTCRtpScriptTransform === "function" && typeof g.Worker === "function";
}

/**
 * SPEC §13.11 (SF9): a peer frame opened, and it is not the case that none opened for PEER_FRAME_MS while frames
 * that do not open kept arriving (a drop within the last PEER_FRAME_MS, after the last open).
 */
export function peerFramesOpen(r: CallReport | undefined, now: number): boolean {
  if (!r || r.opened === 0 || r.lastOpenAt === null) return false;
  const stale = now - r.lastOpenAt >= PEER_FRAME_MS;
  const dropping = r.lastDropAt !== null && r.lastDropAt > r.lastOpenAt && now - r.lastDropAt < PEER_FRAME_MS;
  return !(stale && dropping);
}

/** One client's SFrame worker and the transforms of its calls. */
export class SFrameMedia {
  #worker: Worker | null = null;
  /** @param mutant a web mutant (./mutants.ts, SPEC §12.7), passed on to the worker; null in the clean client */
  constructor(readonly onReport: (r: CallReport) => void, readonly mutant: WebMutantId | null = null) {}

  #get(): Worker {
    if (!this.#worker) {
      const url = new URL(SFRAME_WORKER, location.href);
      if (this.mutant) url.searchParams.set("mutant", this.mutant);
      this.#worker = new Worker(url);
      this.#worker.onmessage = (e) => {
        const r = e.data as CallReport;
        if (r && r.type === "counters") this.onReport(r);
      };
    }
    return this.#worker;
  }

  #post(m: ToWorker): void {
    this.#get().postMessage(m);
  }

  /**
   * SPEC §13.7: a transform on every sender and receiver of `pc` (all in this one worker, SPEC §13.4), and VP8 for
   * video (SPEC §13.9 FW5: the clear prefix is defined for VP8).
   */
  attach(callId: string, pc: RTCPeerConnection): void {
    const worker = this.#get();
    const make = (o: CallTransformOptions) => new RTCRtpScriptTransform(worker, o);
    for (const t of pc.getTransceivers()) {
      const kind = t.receiver.track.kind as "audio" | "video";
      t.sender.transform = make({ callId, side: "send", kind });
      t.receiver.transform = make({ callId, side: "receive", kind });
      if (kind === "video") {
        const vp8 = (RTCRtpReceiver.getCapabilities("video")?.codecs ?? []).filter((c) => /\/vp8$/i.test(c.mimeType));
        if (vp8.length > 0) t.setCodecPreferences(vp8);
      }
    }
  }

  /** SPEC §13.3–§13.4: this side seals with its own role's base key and opens with the peer's. */
  keys(callId: string, role: "caller" | "callee", d: { sframeA: Uint8Array; sframeB: Uint8Array }): void {
    const [own, peer] = role === "caller" ? [d.sframeA, d.sframeB] : [d.sframeB, d.sframeA];
    this.#post({ type: "keys", callId, role, own: own.slice(), peer: peer.slice() });
  }

  /** SPEC §5.9, §13.10: the peer's tag verified — frames may now be sealed and sent. */
  open(callId: string): void {
    this.#post({ type: "gate", callId });
  }

  /** A standard call after all (SPEC §6.1 processor): the call's transforms pass frames unchanged. */
  plain(callId: string): void {
    this.#post({ type: "plain", callId });
  }

  /** The call ended: the worker forgets its keys and sends its last counters. */
  end(callId: string): void {
    if (this.#worker) this.#post({ type: "end", callId });
  }

  close(): void {
    this.#worker?.terminate();
    this.#worker = null;
  }
}
