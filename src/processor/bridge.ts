/**
 * A bridge between two processor legs (SPEC §4.4): forwards decoded audio and video both ways and hosts the
 * features that need media in the clear — recording (F1), live captions (F2) and transcription (F3).
 */
import { ShieldCallError } from "../errors.ts";
import { UtteranceTracker } from "./captions.ts";
import type { Leg } from "./leg.ts";
import { PROCESSOR_AUDIO } from "./leg.ts";
import { PcmBuffer, type RecordingTrack, writeRecording } from "./recording.ts";
import { fileStem, writeOutput } from "./_files.ts";
import type { Bridge, Caption, ProcessorEvent, RecordingManifest, TranscriptLine, TranscriptResult } from "./types.ts";

type Direction = "a->b" | "b->a";

/** Processor-wide state a bridge reports into. */
export interface BridgeContext {
  outDir: string;
  log(e: Omit<ProcessorEvent, "at">): void;
  onClosed(bridge: MediaBridge): void;
}

interface Transcription {
  startedAt: number;
  trackers: Record<Direction, UtteranceTracker>;
  starts: Record<Direction, number | null>;
  lines: TranscriptLine[];
}

function trackers(): Record<Direction, UtteranceTracker> {
  return {
    "a->b": new UtteranceTracker({ sampleRate: PROCESSOR_AUDIO.sampleRate }),
    "b->a": new UtteranceTracker({ sampleRate: PROCESSOR_AUDIO.sampleRate }),
  };
}

function failed(what: string, callId: string, e: unknown): ShieldCallError {
  return new ShieldCallError(
    "FEATURE_FAILED",
    `Cannot ${what} for call "${callId}": ${e instanceof Error ? e.message : String(e)}`,
  );
}

/** The processor's Bridge implementation. */
export class MediaBridge implements Bridge {
  readonly callId: string;
  readonly a: Leg;
  readonly b: Leg;
  readonly #ctx: BridgeContext;
  readonly #untap: Array<() => void> = [];
  #forwarding = true;
  #closed = false;
  #recording: { startedAt: number; tracks: Record<Direction, RecordingTrack> } | null = null;
  #lastRecording: Promise<RecordingManifest> | null = null;
  #captions: { onCaption: (c: Caption) => void; trackers: Record<Direction, UtteranceTracker> } | null = null;
  #transcription: Transcription | null = null;
  #lastTranscript: Promise<TranscriptResult> | null = null;

  /** Use MediaProcessor.bridge(). */
  constructor(a: Leg, b: Leg, callId: string, ctx: BridgeContext) {
    this.a = a;
    this.b = b;
    this.callId = callId;
    this.#ctx = ctx;
    a.bridgedBy = this;
    b.bridgedBy = this;
    // SPEC §4.4: sink of each leg → source of the other, audio and video, both ways.
    this.#untap.push(a.tap({
      audio: (s, d) => this.#onAudio("a->b", s, d),
      video: (f) => this.#forwarding && b.sendVideo(f),
    }));
    this.#untap.push(b.tap({
      audio: (s, d) => this.#onAudio("b->a", s, d),
      video: (f) => this.#forwarding && a.sendVideo(f),
    }));
  }

  /** True while media is forwarded between the legs. */
  get forwarding(): boolean {
    return this.#forwarding;
  }

  #legs(dir: Direction): [Leg, Leg] {
    return dir === "a->b" ? [this.a, this.b] : [this.b, this.a];
  }

  #onAudio(dir: Direction, samples: Int16Array, digits: string): void {
    const [from, to] = this.#legs(dir);
    if (this.#forwarding) to.sendAudio(samples);
    // SPEC §4.4 (F1): record what the processor received from `from`, as it flows.
    this.#recording?.tracks[dir].buffer.push(samples);
    const cap = this.#captions;
    if (cap !== null) {
      for (const ev of cap.trackers[dir].push(digits, samples.length)) this.#emitCaption(cap.onCaption, from.id, ev);
    }
    const tr = this.#transcription;
    if (tr !== null) {
      for (const ev of tr.trackers[dir].push(digits, samples.length)) this.#transcribe(tr, dir, from.id, ev);
    }
  }

  #emitCaption(onCaption: (c: Caption) => void, legId: string, ev: { text: string; final: boolean }): void {
    try {
      onCaption({ legId, text: ev.text, final: ev.final, at: Date.now() });
    } catch (e) {
      this.#ctx.log({
        type: "error",
        callId: this.callId,
        legId,
        detail: { message: `Caption callback threw: ${String(e)}` },
      });
    }
  }

  #transcribe(tr: Transcription, dir: Direction, legId: string, ev: { text: string; final: boolean }): void {
    // SPEC §4.4 (F3): a line is a complete utterance, stamped with the time its first digit was decoded.
    const now = Date.now();
    tr.starts[dir] ??= now;
    if (ev.final) {
      tr.lines.push({ legId, text: ev.text, at: tr.starts[dir]! });
      tr.starts[dir] = null;
    }
  }

  #assertOpen(what: string): void {
    if (this.#closed) {
      throw new ShieldCallError("BAD_STATE", `Cannot ${what} for call "${this.callId}": the bridge is closed`);
    }
  }

  /** F1: starts buffering each direction's audio (SPEC §4.4). Throws BAD_STATE when already recording or closed. */
  startRecording(): void {
    this.#assertOpen("start recording");
    if (this.#recording !== null) {
      throw new ShieldCallError("BAD_STATE", `Call "${this.callId}" is already being recorded`);
    }
    const track = (direction: Direction): RecordingTrack => {
      const [from, to] = this.#legs(direction);
      return { direction, from: from.id, to: to.id, buffer: new PcmBuffer() };
    };
    this.#recording = { startedAt: Date.now(), tracks: { "a->b": track("a->b"), "b->a": track("b->a") } };
    this.#ctx.log({ type: "recording.started", callId: this.callId });
  }

  /**
   * F1: stops recording and writes the WAV files and manifest. Without an active recording it returns the
   * previous one's manifest, or throws BAD_STATE if there never was one. Rejects with FEATURE_FAILED on I/O errors.
   */
  stopRecording(): Promise<RecordingManifest> {
    const rec = this.#recording;
    if (rec === null) {
      if (this.#lastRecording !== null) return this.#lastRecording;
      return Promise.reject(new ShieldCallError("BAD_STATE", `Call "${this.callId}" is not being recorded`));
    }
    this.#recording = null;
    const endedAt = Date.now();
    this.#lastRecording = writeRecording(this.#ctx.outDir, this.callId, rec.startedAt, endedAt, [
      rec.tracks["a->b"],
      rec.tracks["b->a"],
    ])
      .then((m) => {
        this.#ctx.log({
          type: "recording.stopped",
          callId: this.callId,
          detail: { manifest: m.manifestPath, samples: m.files.map((f) => f.samples) },
        });
        return m;
      }, (e) => {
        throw failed("write the recording", this.callId, e);
      });
    return this.#lastRecording;
  }

  /**
   * F2: calls `onCaption` for each caption of either direction (SPEC §4.4). Throws BAD_STATE when already on or
   * closed.
   */
  startCaptions(onCaption: (c: Caption) => void): void {
    if (typeof onCaption !== "function") throw new TypeError("startCaptions() needs a callback");
    this.#assertOpen("start captions");
    if (this.#captions !== null) {
      throw new ShieldCallError("BAD_STATE", `Captions are already on for call "${this.callId}"`);
    }
    this.#captions = { onCaption, trackers: trackers() };
    this.#ctx.log({ type: "captions.started", callId: this.callId });
  }

  /** F2: stops captions after emitting the final caption of any utterance in progress; no-op when off. */
  stopCaptions(): void {
    const cap = this.#captions;
    if (cap === null) return;
    this.#captions = null;
    for (const dir of ["a->b", "b->a"] as const) {
      const ev = cap.trackers[dir].flush();
      if (ev !== null) this.#emitCaption(cap.onCaption, this.#legs(dir)[0].id, ev);
    }
    this.#ctx.log({ type: "captions.stopped", callId: this.callId });
  }

  /** F3: starts collecting complete utterances (SPEC §4.4). Throws BAD_STATE when already on or closed. */
  startTranscription(): void {
    this.#assertOpen("start transcription");
    if (this.#transcription !== null) {
      throw new ShieldCallError("BAD_STATE", `Call "${this.callId}" is already being transcribed`);
    }
    this.#transcription = {
      startedAt: Date.now(),
      trackers: trackers(),
      starts: { "a->b": null, "b->a": null },
      lines: [],
    };
    this.#ctx.log({ type: "transcription.started", callId: this.callId });
  }

  /**
   * F3: ends any utterance in progress, writes `<stem>.transcript.json` and returns its lines. Without an
   * active transcription it returns the previous result, or throws BAD_STATE if there never was one.
   */
  stopTranscription(): Promise<TranscriptResult> {
    const tr = this.#transcription;
    if (tr === null) {
      if (this.#lastTranscript !== null) return this.#lastTranscript;
      return Promise.reject(new ShieldCallError("BAD_STATE", `Call "${this.callId}" is not being transcribed`));
    }
    this.#transcription = null;
    for (const dir of ["a->b", "b->a"] as const) {
      const ev = tr.trackers[dir].flush();
      if (ev !== null) this.#transcribe(tr, dir, this.#legs(dir)[0].id, ev);
    }
    const endedAt = Date.now();
    const lines = tr.lines.slice().sort((x, y) => x.at - y.at);
    const body = {
      callId: this.callId,
      legs: { a: this.a.id, b: this.b.id },
      startedAt: tr.startedAt,
      endedAt,
      lines,
    };
    const name = `${fileStem(this.callId, tr.startedAt)}.transcript.json`;
    this.#lastTranscript = writeOutput(this.#ctx.outDir, name, JSON.stringify(body, null, 2) + "\n").then((path) => {
      this.#ctx.log({ type: "transcription.stopped", callId: this.callId, detail: { path, lines: lines.length } });
      return { path, lines };
    }, (e) => {
      throw failed("write the transcript", this.callId, e);
    });
    return this.#lastTranscript;
  }

  /** Stops forwarding media (legs stay up; running features keep observing each leg's incoming audio). */
  unbridge(): void {
    if (!this.#forwarding) return;
    this.#forwarding = false;
    if (this.a.bridgedBy === this) this.a.bridgedBy = null;
    if (this.b.bridgedBy === this) this.b.bridgedBy = null;
    this.#ctx.log({ type: "bridge.unbridged", callId: this.callId, detail: { a: this.a.id, b: this.b.id } });
  }

  /** True once close() ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Stops forwarding and every feature, writing an active recording or transcript first; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.unbridge();
    this.stopCaptions();
    const pending: Promise<unknown>[] = [];
    if (this.#recording !== null) pending.push(this.stopRecording());
    if (this.#transcription !== null) pending.push(this.stopTranscription());
    this.#closed = true;
    for (const u of this.#untap) u();
    this.#ctx.log({ type: "bridge.closed", callId: this.callId });
    this.#ctx.onClosed(this);
    const results = await Promise.allSettled(pending);
    for (const r of results) {
      if (r.status === "rejected") {
        this.#ctx.log({ type: "error", callId: this.callId, detail: { message: String(r.reason) } });
      }
    }
  }
}
