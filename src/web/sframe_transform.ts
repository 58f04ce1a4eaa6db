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

/** An encoded frame as RTCRtpScriptTransform hands it over. */
export interface EncodedFrame {
  data: ArrayBuffer;
  type?: "key" | "delta" | "empty";
}
/** An RTCRtpScriptTransform's transformer, with the options its creator gave. */
export interface Transformer<O = SFrameTransformOptions> {
  readable: ReadableStream<EncodedFrame>;
  writable: WritableStream<EncodedFrame>;
  options: O;
}
/** The parts of a worker's global scope the transform uses. */
export interface WorkerScope<O = SFrameTransformOptions> {
  onrtctransform: ((e: { transformer: Transformer<O> }) => void) | null;
  onmessage: ((e: { data: unknown }) => void) | null;
  postMessage(data: unknown): void;
}

/** Bytes of an encoded frame left in clear as metadata (SPEC §13.7). */
export function clearBytes(kind: "audio" | "video", type: string | undefined, length: number): number {
  if (kind === "audio") return 0;
  return Math.min(length, type === "key" ? 10 : 3);
}

const unhex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));

/**
 * The worker's endpoints, one per (side, suite, KID, key): every transform of a sender shares one CTR space, so
 * audio and video never seal under the same nonce, and every transform of a receiver shares that KID's replay window
 * (SPEC §13.4, §13.7).
 */
export type EndpointPool = Map<string, Promise<SFrameEndpoint>>;

function endpointFor(pool: EndpointPool, o: SFrameTransformOptions): Promise<SFrameEndpoint> {
  const id = `${o.side} ${o.suite} ${o.kid} ${o.baseKey}`;
  let ep = pool.get(id);
  if (!ep) {
    ep = (async () => {
      const e = new SFrameEndpoint(o.suite);
      if (o.side === "send") await e.addEncryptKey(BigInt(o.kid), unhex(o.baseKey));
      else await e.addDecryptKey(BigInt(o.kid), unhex(o.baseKey));
      return e;
    })();
    pool.set(id, ep);
  }
  return ep;
}

/** Runs one transform until its streams close, counting its frames in `counters`. */
export async function runTransform(t: Transformer, pool: EndpointPool, counters: TransformCounters): Promise<void> {
  const o = t.options;
  const ep = await endpointFor(pool, o);
  const kid = BigInt(o.kid);
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
        counters[o.side === "send" ? "sealed" : "opened"]++;
        const out = new Uint8Array(n + body.length);
        out.set(meta);
        out.set(body, n);
        frame.data = out.buffer;
        ctl.enqueue(frame);
      } catch (e) {
        // SPEC §13.6: a frame that does not open is dropped and counted, and the stream goes on
        if (!(e instanceof SFrameError) || !e.reason) throw e;
        counters.dropped[e.reason]++;
      }
    },
  });
  await t.readable.pipeThrough(stream).pipeTo(t.writable);
}

/** Installs the transform in a worker; a message `"counters"` is answered with every transform's counters. */
export function installSFrameTransform(scope: WorkerScope): void {
  const pool: EndpointPool = new Map();
  const all: TransformCounters[] = [];
  scope.onrtctransform = (e) => {
    const c = {
      id: e.transformer.options.id,
      sealed: 0,
      opened: 0,
      dropped: { header: 0, kid: 0, replay: 0, auth: 0 },
    };
    all.push(c);
    void runTransform(e.transformer, pool, c).catch(() => {});
  };
  scope.onmessage = (e) => {
    if (e.data === "counters") scope.postMessage(all);
  };
}
