/**
 * SFrame on encoded media frames (SPEC §13.7), for a worker behind `RTCRtpScriptTransform`: the sender seals each
 * encoded frame, the receiver opens it and drops what does not open. A video frame keeps its first codec bytes in
 * clear (VP8: 10 for a key frame, 3 otherwise) so the packetizer and depacketizer still work; those bytes are the
 * frame's RFC 9605 metadata, authenticated with the header. An audio frame is sealed whole.
 */
import { type DropReason, SFrameEndpoint, SFrameError } from "./sframe.ts";

/** What the page passes as the transform's options. */
export interface SFrameTransformOptions {
  /** Names this transform in the counters. */
  id: string;
  side: "send" | "receive";
  kind: "audio" | "video";
  suite: number;
  /** The KID to seal under (send) or the KID to accept (receive), as a decimal string. */
  kid: string;
  /** The base key, lowercase hex. */
  baseKey: string;
}

/** The counters of one transform: frames sealed, opened, and dropped by reason. */
export interface TransformCounters {
  id: string;
  sealed: number;
  opened: number;
  dropped: Record<DropReason, number>;
}

interface EncodedFrame {
  data: ArrayBuffer;
  type?: "key" | "delta" | "empty";
}
interface Transformer {
  readable: ReadableStream<EncodedFrame>;
  writable: WritableStream<EncodedFrame>;
  options: SFrameTransformOptions;
}
/** The parts of a worker's global scope the transform uses. */
export interface WorkerScope {
  onrtctransform: ((e: { transformer: Transformer }) => void) | null;
  onmessage: ((e: { data: unknown }) => void) | null;
  postMessage(data: unknown): void;
}

/** Bytes of an encoded frame left in clear as metadata (SPEC §13.7). */
export function clearBytes(kind: "audio" | "video", type: string | undefined, length: number): number {
  if (kind === "audio") return 0;
  return Math.min(length, type === "key" ? 10 : 3);
}

const unhex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));

/** Runs one transform until its streams close; `counters` is updated as frames pass. */
export async function runTransform(t: Transformer, endpoints: Map<string, SFrameEndpoint>): Promise<void> {
  const o = t.options;
  const ep = new SFrameEndpoint(o.suite);
  const kid = BigInt(o.kid);
  if (o.side === "send") await ep.addEncryptKey(kid, unhex(o.baseKey));
  else await ep.addDecryptKey(kid, unhex(o.baseKey));
  endpoints.set(o.id, ep);
  const stream = new TransformStream<EncodedFrame, EncodedFrame>({
    async transform(frame, ctl) {
      const data = new Uint8Array(frame.data);
      // SPEC §13.7: a frame with no payload carries no media; it passes as is
      if (data.length === 0) return ctl.enqueue(frame);
      const n = clearBytes(o.kind, frame.type, data.length);
      const meta = data.slice(0, n);
      try {
        const body = o.side === "send"
          ? await ep.seal(kid, data.subarray(n), meta)
          : (await ep.open(data.subarray(n), meta)).plaintext;
        const out = new Uint8Array(n + body.length);
        out.set(meta);
        out.set(body, n);
        frame.data = out.buffer;
        ctl.enqueue(frame);
      } catch (e) {
        // SPEC §13.6: a frame that does not open is dropped (counted by the endpoint) and the stream goes on
        if (!(e instanceof SFrameError)) throw e;
      }
    },
  });
  await t.readable.pipeThrough(stream).pipeTo(t.writable);
}

/** Installs the transform in a worker; a message `"counters"` is answered with every transform's counters. */
export function installSFrameTransform(scope: WorkerScope): void {
  const endpoints = new Map<string, SFrameEndpoint>();
  scope.onrtctransform = (e) => void runTransform(e.transformer, endpoints).catch(() => {});
  scope.onmessage = (e) => {
    if (e.data !== "counters") return;
    const all: TransformCounters[] = [...endpoints].map(([id, ep]) => ({
      id,
      sealed: ep.counters.sealed,
      opened: ep.counters.opened,
      dropped: { ...ep.counters.dropped },
    }));
    scope.postMessage(all);
  };
}
