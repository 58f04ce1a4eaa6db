/**
 * The web client's synthetic media (SPEC §11) in the page: DTMF speech played through WebAudio, the block-coded
 * frame counter drawn on a canvas and sent as its capture stream, and decoders for what arrives
 * (MediaStreamTrackProcessor) that report the SPEC §7 CallState media counters. Browser only.
 */
import { ContinuityTracker } from "../media/continuity.ts";
import { encodeFrame } from "../media/frame_code.ts";
import { decodeFrame } from "../media/frame_code.ts";
import { SpeechDecoder } from "../media/speech_decoder.ts";
import { SpeechSource } from "../media/speech_source.ts";

/** SPEC §7 CallState.media. */
export interface MediaCounters {
  audio: { framesReceived: number; digits: string; carrier: boolean };
  video: { framesReceived: number; decoded: number; gaps: number; maxGapMs: number; latencyMs: number | null };
}

const W = 320, H = 240, FPS = 15;

/** Outgoing media of one call: the speech of `text` and the frame-counter video (SPEC §11.1, §11.2). */
export class LocalMedia {
  readonly stream: MediaStream;
  readonly canvas: HTMLCanvasElement;
  #ctx: AudioContext;
  #timer: ReturnType<typeof setInterval>;
  #counter = 0;
  #closed = false;

  constructor(text: string) {
    // SPEC §11.1 SM1–SM4: one repetition of the text (tones, gaps, pause, carrier) looped by WebAudio
    this.#ctx = new AudioContext({ sampleRate: 48000 });
    const src = new SpeechSource({ text, sampleRate: 48000 });
    const frames = Math.round(src.cycleSamples / src.samplesPerFrame);
    const buf = this.#ctx.createBuffer(1, frames * src.samplesPerFrame, 48000);
    const ch = buf.getChannelData(0);
    for (let f = 0; f < frames; f++) {
      const pcm = src.next();
      for (let i = 0; i < pcm.length; i++) ch[f * src.samplesPerFrame + i] = pcm[i]! / 32768;
    }
    const node = this.#ctx.createBufferSource();
    node.buffer = buf;
    node.loop = true;
    const dest = this.#ctx.createMediaStreamDestination();
    node.connect(dest);
    node.start();
    void this.#ctx.resume();
    // SPEC §11.2 SM10–SM13: 320 × 240 coded frames at 15 fps, luma 235/16 drawn as grey 255/0
    this.canvas = document.createElement("canvas");
    this.canvas.width = W;
    this.canvas.height = H;
    const g = this.canvas.getContext("2d")!;
    const video = this.canvas.captureStream(0);
    const vtrack = video.getVideoTracks()[0]! as CanvasCaptureMediaStreamTrack;
    const img = g.createImageData(W, H);
    const draw = () => {
      if (this.#closed) return;
      const y = encodeFrame(this.#counter++, Date.now(), W, H);
      for (let i = 0; i < W * H; i++) {
        const v = Math.max(0, Math.min(255, Math.round(((y[i]! - 16) * 255) / 219)));
        img.data[4 * i] = img.data[4 * i + 1] = img.data[4 * i + 2] = v;
        img.data[4 * i + 3] = 255;
      }
      g.putImageData(img, 0, 0);
      vtrack.requestFrame();
    };
    draw();
    this.#timer = setInterval(draw, 1000 / FPS);
    this.stream = new MediaStream([...dest.stream.getAudioTracks(), vtrack]);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    for (const t of this.stream.getTracks()) t.stop();
    void this.#ctx.close().catch(() => {});
  }
}

interface TrackProcessor<T> {
  readable: ReadableStream<T>;
}
type ProcessorCtor = new (
  init: { track: MediaStreamTrack; maxBufferSize?: number },
) => TrackProcessor<VideoFrame | AudioData>;

/** Decoders of the received media of one call: the SPEC §7 counters, computed in the page. */
export class RemoteMedia {
  #audioFrames = 0;
  #decoder: SpeechDecoder | undefined;
  #heardBefore = "";
  #videoFrames = 0;
  #decoded = 0;
  #continuity = new ContinuityTracker({ expectedIntervalMs: 1000 / FPS });
  #closed = false;
  #readers: ReadableStreamDefaultReader<unknown>[] = [];
  #elements: HTMLAudioElement[] = [];
  /** The latest received video track, for display. */
  videoTrack: MediaStreamTrack | null = null;

  /** Starts decoding a received track (SPEC §11.1 SM5–SM9, §11.2 SM12). */
  attach(track: MediaStreamTrack): void {
    const Ctor = (globalThis as unknown as { MediaStreamTrackProcessor?: ProcessorCtor }).MediaStreamTrackProcessor;
    if (!Ctor) return;
    if (track.kind === "video") this.videoTrack = track;
    if (track.kind === "audio" && typeof Audio !== "undefined") {
      // Chromium decodes a received WebRTC audio track only while a media element plays it (measured: a
      // MediaStreamTrackProcessor alone gets no AudioData); a muted element costs nothing and plays nothing
      const el = new Audio();
      el.muted = true;
      el.srcObject = new MediaStream([track]);
      void el.play().catch(() => {});
      this.#elements.push(el);
    }
    // a deep queue (2 s of audio, 4 s of video): a busy page thread must not make the processor drop frames, which
    // would cut DTMF tones (SPEC §11.1 SM9 tolerates isolated losses only)
    const reader = new Ctor({ track, maxBufferSize: track.kind === "audio" ? 200 : 60 }).readable.getReader();
    this.#readers.push(reader as ReadableStreamDefaultReader<unknown>);
    void (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done || !value) return;
        try {
          if (track.kind === "audio") this.#onAudio(value as AudioData);
          else await this.#onVideo(value as VideoFrame);
        } finally {
          value.close();
        }
        if (this.#closed) return;
      }
    })();
  }

  #onAudio(a: AudioData): void {
    this.#audioFrames++;
    const n = a.numberOfFrames;
    const f = new Float32Array(n);
    a.copyTo(f, { planeIndex: 0, format: "f32-planar" });
    const pcm = new Int16Array(n);
    for (let i = 0; i < n; i++) pcm[i] = Math.max(-32768, Math.min(32767, Math.round(f[i]! * 32767)));
    // SPEC §11.1 SM5: decode at the rate that arrives
    if (this.#decoder?.sampleRate !== a.sampleRate) {
      this.#heardBefore += this.#decoder?.heard ?? "";
      this.#decoder = new SpeechDecoder(a.sampleRate);
    }
    this.#decoder.push(pcm);
  }

  async #onVideo(v: VideoFrame): Promise<void> {
    this.#videoFrames++;
    const w = v.visibleRect?.width ?? v.displayWidth, h = v.visibleRect?.height ?? v.displayHeight;
    const luma = await lumaOf(v, w, h);
    if (!luma) return;
    const frame = new Uint8Array(w * h + 2 * Math.ceil(w / 2) * Math.ceil(h / 2)).fill(128);
    frame.set(luma);
    const d = decodeFrame(frame, w, h);
    if (d) {
      this.#decoded++;
      this.#continuity.observe(d.counter, d.sentAtMs, Date.now());
    }
  }

  /** SPEC §7 CallState.media. */
  counters(): MediaCounters {
    const c = this.#continuity.stats();
    return {
      audio: {
        framesReceived: this.#audioFrames,
        digits: (this.#heardBefore + (this.#decoder?.heard ?? "")).slice(-4096),
        carrier: !this.#closed && (this.#decoder?.carrierPresent() ?? false),
      },
      video: {
        framesReceived: this.#videoFrames,
        decoded: this.#decoded,
        gaps: c.gaps,
        maxGapMs: c.maxGapMs,
        latencyMs: c.latencyMs.p50 === null ? null : Math.max(0, c.latencyMs.p50),
      },
    };
  }

  close(): void {
    this.#closed = true;
    for (const r of this.#readers) void r.cancel().catch(() => {});
    for (const el of this.#elements) el.srcObject = null;
  }
}

/** The Y plane (w × h) of a frame: read directly from I420/NV12, else computed from RGB (BT.601 limited range). */
async function lumaOf(v: VideoFrame, w: number, h: number): Promise<Uint8Array | null> {
  const fmt = v.format ?? "";
  const rect = { x: v.visibleRect?.x ?? 0, y: v.visibleRect?.y ?? 0, width: w, height: h };
  const buf = new Uint8Array(v.allocationSize({ rect }));
  const layout = await v.copyTo(buf, { rect });
  const y = new Uint8Array(w * h);
  if (/^(I420|I420A|I422|I444|NV12)/.test(fmt)) {
    const { offset, stride } = layout[0]!;
    for (let r = 0; r < h; r++) y.set(buf.subarray(offset + r * stride, offset + r * stride + w), r * w);
    return y;
  }
  if (/^(RGBA|RGBX|BGRA|BGRX)$/.test(fmt)) {
    const { offset, stride } = layout[0]!;
    const bgr = fmt.startsWith("B");
    for (let r = 0; r < h; r++) {
      for (let c = 0; c < w; c++) {
        const p = offset + r * stride + 4 * c;
        const R = buf[bgr ? p + 2 : p]!, G = buf[p + 1]!, B = buf[bgr ? p : p + 2]!;
        y[r * w + c] = Math.round(16 + (65.481 * R + 128.553 * G + 24.966 * B) / 255);
      }
    }
    return y;
  }
  return null;
}
