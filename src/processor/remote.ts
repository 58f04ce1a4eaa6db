/**
 * The service-side stand-ins of legs, bridges, group bridges and voicemail recorders that live in a processor
 * worker process (SPEC §4.4). Async members are requests to the worker; synchronous members answer from what the
 * host knows (state it changed itself, SDPs it got back) and from the counters the worker pushes.
 */
import { ShieldCallError } from "../errors.ts";
import { sdpFingerprint } from "./_sdp.ts";
import type { BridgeMethod, LegSnapshot, ReplyOf, Request } from "./_worker_protocol.ts";
import type {
  Bridge,
  Caption,
  GroupBridge,
  LegStats,
  ProcessorLeg,
  RecordingManifest,
  TranscriptResult,
} from "./types.ts";

/** The pipe to one worker, as the stand-ins use it. */
export interface WorkerChannel {
  readonly index: number;
  /** Sends a request; resolves with the worker's reply (rejects with the worker's error, or INTERNAL once it died). */
  request<R extends Request>(req: R): Promise<ReplyOf<R>>;
  /** Sends a request whose outcome only matters if it fails (then it is logged). */
  post(req: Request): void;
}

const FRESH: LegStats = { state: "new", audioFramesIn: 0, audioFramesWithEnergy: 0, videoFramesIn: 0, heard: "" };

/** A leg in a worker (SPEC §4.4 MP2). */
export class RemoteLeg implements ProcessorLeg {
  readonly id: string;
  readonly label: string;
  readonly worker: WorkerChannel;
  /** The bridge, group or voicemail this leg is in (mirrors the worker's rule: at most one at a time). */
  bridgedBy: object | null = null;
  #snap: LegStats = FRESH;
  #localSdp: string | null = null;
  #closed = false;
  #failed = false;
  readonly #onClosed: (l: RemoteLeg) => void;

  constructor(id: string, label: string, worker: WorkerChannel, onClosed: (l: RemoteLeg) => void) {
    this.id = id;
    this.label = label;
    this.worker = worker;
    this.#onClosed = onClosed;
  }

  #assertOpen(what: string): void {
    if (this.#closed) throw new ShieldCallError("BAD_STATE", `Cannot ${what} on leg "${this.id}": the leg is closed`);
  }

  async answer(offerSdp: string): Promise<string> {
    if (typeof offerSdp !== "string") throw new TypeError("Offer SDP must be a string");
    this.#assertOpen("answer an offer");
    const sdp = await this.worker.request({ op: "leg.answer", leg: this.id, sdp: offerSdp });
    this.#localSdp = sdp;
    return sdp;
  }

  async offer(): Promise<string> {
    this.#assertOpen("create an offer");
    const sdp = await this.worker.request({ op: "leg.offer", leg: this.id });
    this.#localSdp = sdp;
    return sdp;
  }

  async applyAnswer(sdp: string): Promise<void> {
    if (typeof sdp !== "string") throw new TypeError("Answer SDP must be a string");
    this.#assertOpen("apply an answer");
    await this.worker.request({ op: "leg.applyAnswer", leg: this.id, sdp });
  }

  async certificateFingerprint(): Promise<string> {
    this.#assertOpen("read the certificate");
    return await this.worker.request({ op: "leg.certificate", leg: this.id });
  }

  /** SPEC §4.4 (MP2): from the local SDP the worker returned; null before it has one. */
  localFingerprint(): string | null {
    return this.#closed ? null : sdpFingerprint(this.#localSdp);
  }

  /** The worker's last pushed counters; state "closed" once closed, "failed" once its worker died. */
  stats(): LegStats {
    return { ...this.#snap, state: this.#failed ? "failed" : this.#closed ? "closed" : this.#snap.state };
  }

  /** Counters pushed by the worker; `hd` are the digits heard since offset `hl` (SPEC §4.4 MP6 `heard`). */
  update(s: LegSnapshot): void {
    const { hl, hd, ...rest } = s;
    this.#snap = { ...rest, heard: this.#snap.heard.slice(0, hl) + hd };
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The worker died: the leg is gone (state "failed"). */
  fail(): void {
    if (this.#closed) return;
    this.#failed = true;
    this.#closed = true;
    this.#onClosed(this);
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#onClosed(this);
    return this.worker.request({ op: "leg.close", leg: this.id }).then(() => {}, () => {});
  }
}

/** Hooks a bridge stand-in reports into. */
export interface RemoteBridgeContext {
  onClosed(b: RemoteBridge | GroupBridge): void;
  log(message: string, callId: string): void;
}

/** What a worker's bridge close() wrote. */
type Closed = { recording: RecordingManifest | null; transcript: TranscriptResult | null };

/** A pair bridge in a worker (SPEC §4.4): its media and features run there; captions come back as events. */
export class RemoteBridge implements Bridge {
  readonly callId: string;
  readonly a: RemoteLeg;
  readonly b: RemoteLeg;
  readonly handle: number;
  readonly #w: WorkerChannel;
  readonly #ctx: RemoteBridgeContext;
  #forwarding = true;
  #closed = false;
  #recording = false;
  #transcribing = false;
  #captions: ((c: Caption) => void) | null = null;
  /** Set by close(): what the worker's close wrote (stopRecording()/stopTranscription() after close return it). */
  #closing: Promise<Closed> | null = null;
  /** Per speaker leg: the text of the utterance in progress (its last interim caption), for stopCaptions(). */
  readonly #interim = new Map<string, string>();

  constructor(
    a: RemoteLeg,
    b: RemoteLeg,
    callId: string,
    handle: number,
    worker: WorkerChannel,
    ctx: RemoteBridgeContext,
  ) {
    this.a = a;
    this.b = b;
    this.callId = callId;
    this.handle = handle;
    this.#w = worker;
    this.#ctx = ctx;
    a.bridgedBy = this;
    b.bridgedBy = this;
  }

  get forwarding(): boolean {
    return this.#forwarding;
  }

  get closed(): boolean {
    return this.#closed;
  }

  #do(m: BridgeMethod): Promise<unknown> {
    return this.#w.request({ op: "bridge.do", h: this.handle, m });
  }

  #post(m: BridgeMethod): void {
    this.#w.post({ op: "bridge.do", h: this.handle, m });
  }

  #assertOpen(what: string): void {
    if (this.#closed) {
      throw new ShieldCallError("BAD_STATE", `Cannot ${what} for call "${this.callId}": the bridge is closed`);
    }
  }

  startRecording(): void {
    this.#assertOpen("start recording");
    if (this.#recording) throw new ShieldCallError("BAD_STATE", `Call "${this.callId}" is already being recorded`);
    this.#recording = true;
    this.#post("startRecording");
  }

  stopRecording(): Promise<RecordingManifest> {
    this.#recording = false;
    if (this.#closing) return this.#closing.then((o) => o.recording ?? Promise.reject(this.#never("recorded")));
    return this.#do("stopRecording") as Promise<RecordingManifest>;
  }

  #never(what: string): ShieldCallError {
    return new ShieldCallError("BAD_STATE", `Call "${this.callId}" is not being ${what}`);
  }

  startCaptions(onCaption: (c: Caption) => void): void {
    if (typeof onCaption !== "function") throw new TypeError("startCaptions() needs a callback");
    this.#assertOpen("start captions");
    if (this.#captions !== null) {
      throw new ShieldCallError("BAD_STATE", `Captions are already on for call "${this.callId}"`);
    }
    this.#captions = onCaption;
    this.#interim.clear();
    this.#post("startCaptions");
  }

  /** A caption the worker sent. */
  caption(c: Caption): void {
    const cb = this.#captions;
    if (cb === null) return;
    if (c.final) this.#interim.delete(c.legId);
    else this.#interim.set(c.legId, c.text);
    this.#emit(cb, c);
  }

  #emit(cb: (c: Caption) => void, c: Caption): void {
    try {
      cb(c);
    } catch (e) {
      this.#ctx.log(`Caption callback threw: ${String(e)}`, this.callId);
    }
  }

  /**
   * SPEC §4.4 (F2): stops captions after the final caption of any utterance in progress — here, synchronously, the
   * last interim text this side received as final (the worker's own flush would arrive after this returns).
   */
  stopCaptions(): void {
    const cb = this.#captions;
    if (cb === null) return;
    this.#captions = null;
    for (const [legId, text] of this.#interim) this.#emit(cb, { legId, text, final: true, at: Date.now() });
    this.#interim.clear();
    this.#post("stopCaptions");
  }

  startTranscription(): void {
    this.#assertOpen("start transcription");
    if (this.#transcribing) {
      throw new ShieldCallError("BAD_STATE", `Call "${this.callId}" is already being transcribed`);
    }
    this.#transcribing = true;
    this.#post("startTranscription");
  }

  stopTranscription(): Promise<TranscriptResult> {
    this.#transcribing = false;
    if (this.#closing) return this.#closing.then((o) => o.transcript ?? Promise.reject(this.#never("transcribed")));
    return this.#do("stopTranscription") as Promise<TranscriptResult>;
  }

  #release(): void {
    if (this.a.bridgedBy === this) this.a.bridgedBy = null;
    if (this.b.bridgedBy === this) this.b.bridgedBy = null;
  }

  unbridge(): void {
    if (!this.#forwarding) return;
    this.#forwarding = false;
    this.#release();
    this.#post("unbridge");
  }

  /** The worker hosting the bridge died: nothing is forwarded any more. */
  fail(): void {
    this.#forwarding = false;
    this.#captions = null;
    this.#release();
    if (!this.#closed) {
      this.#closed = true;
      this.#closing = Promise.resolve({ recording: null, transcript: null });
      this.#ctx.onClosed(this);
    }
  }

  /** Stops forwarding and every feature (the worker writes an active recording or transcript); idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#forwarding = false;
    this.#release();
    this.stopCaptions();
    this.#closed = true;
    this.#recording = this.#transcribing = false;
    this.#closing = (this.#do("close") as Promise<Closed>).catch((e) => {
      this.#ctx.log(`Cannot close the bridge: ${String(e)}`, this.callId);
      return { recording: null, transcript: null };
    });
    await this.#closing;
    this.#ctx.onClosed(this);
  }
}
