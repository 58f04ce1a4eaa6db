/**
 * One processor leg (SPEC §4.4): an RTCPeerConnection toward one endpoint with an outgoing audio and video
 * track added up front, sinks on whatever the endpoint sends, counters, and a DTMF decoder on the incoming audio.
 */
import { ShieldCallError } from "../errors.ts";
import { SpeechDecoder } from "../media/mod.ts";
import {
  type AudioSink,
  type AudioSource,
  type I420Frame,
  newAudioSink,
  newAudioSource,
  newVideoSink,
  newVideoSource,
  RTCPeerConnection,
  type SinkAudioData,
  type Track,
  type VideoSink,
  type VideoSource,
} from "./_wrtc.ts";
import { sdpFingerprint, waitGathered } from "./_sdp.ts";
import { AudioNormalizer, NORMAL_AUDIO } from "./resample.ts";
import type { LegStats, ProcessorEvent, ProcessorLeg } from "./types.ts";

/** SPEC §4.4: a 10 ms frame "has energy" when its RMS is at least this (≈ −50 dBFS). */
export const ENERGY_MIN_RMS = 100;

/** SPEC §4.4: the processor's audio format: what taps see, what is recorded and what legs send. */
export const PROCESSOR_AUDIO = {
  sampleRate: NORMAL_AUDIO.sampleRate,
  channels: 1,
  frameSamples: NORMAL_AUDIO.frameSamples,
} as const;

/** Observer of a leg's incoming media; `digits` are the digits the leg's decoder completed with this frame. */
export interface LegTap {
  audio?(samples: Int16Array, digits: string): void;
  video?(frame: I420Frame): void;
}

/** Processor-wide state a leg reports into. */
export interface LegContext {
  rtcConfig?: RTCConfiguration;
  gatherTimeoutMs: number;
  log(e: Omit<ProcessorEvent, "at">): void;
  totals: { audioFramesIn: number; videoFramesIn: number };
  onClosed(leg: Leg): void;
}

function rms(x: Int16Array): number {
  let e = 0;
  for (let i = 0; i < x.length; i++) e += x[i]! * x[i]!;
  return x.length === 0 ? 0 : Math.sqrt(e / x.length);
}

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The processor's implementation of ProcessorLeg; also the tap/send surface bridges use. */
export class Leg implements ProcessorLeg {
  readonly id: string;
  readonly label: string;
  /** The bridge this leg is in, if any (a leg is in at most one bridge at a time). */
  bridgedBy: object | null = null;
  readonly #ctx: LegContext;
  readonly #pc: RTCPeerConnection;
  readonly #audioSource: AudioSource;
  readonly #videoSource: VideoSource;
  readonly #localTracks: Track[] = [];
  readonly #remoteTracks: Track[] = [];
  readonly #audioSinks: AudioSink[] = [];
  readonly #videoSinks: VideoSink[] = [];
  readonly #taps = new Set<LegTap>();
  readonly #decoder = new SpeechDecoder(PROCESSOR_AUDIO.sampleRate);
  readonly #normalizer = new AudioNormalizer();
  #closed = false;
  #audioIn = 0;
  #audioEnergy = 0;
  #videoIn = 0;
  #badFormatLogged = false;
  #sendErrorLogged = false;

  /** Use MediaProcessor.createLeg(). */
  constructor(id: string, label: string, ctx: LegContext) {
    this.id = id;
    this.label = label;
    this.#ctx = ctx;
    this.#pc = new RTCPeerConnection(ctx.rtcConfig);
    this.#audioSource = newAudioSource();
    this.#videoSource = newVideoSource();
    // SPEC §4.4: outgoing audio and video are added before any offer/answer so both directions negotiate.
    for (const track of [this.#audioSource.createTrack(), this.#videoSource.createTrack()]) {
      this.#localTracks.push(track);
      this.#pc.addTrack(track as unknown as MediaStreamTrack);
    }
    this.#pc.ontrack = (ev: RTCTrackEvent) => this.#onTrack(ev.track as unknown as Track);
    this.#pc.addEventListener("connectionstatechange", () => {
      if (!this.#closed) this.#ctx.log({ type: "leg.state", legId: id, detail: { state: this.#pc.connectionState } });
    });
  }

  /** SPEC §4.4: sinks on every incoming track; audio is counted, decoded, then handed to the taps. */
  #onTrack(track: Track): void {
    if (this.#closed) return;
    this.#remoteTracks.push(track);
    this.#ctx.log({ type: "leg.track", legId: this.id, detail: { kind: track.kind } });
    if (track.kind === "audio") {
      const sink = newAudioSink(track);
      this.#audioSinks.push(sink);
      sink.ondata = (d) => this.#onAudio(d);
    } else if (track.kind === "video") {
      const sink = newVideoSink(track);
      this.#videoSinks.push(sink);
      sink.onframe = (ev) => this.#onVideo(ev.frame);
    }
  }

  #onAudio(d: SinkAudioData): void {
    if (this.#closed) return;
    this.#audioIn++;
    this.#ctx.totals.audioFramesIn++;
    let frames: Int16Array[];
    try {
      // SPEC §4.4: sinks switch between 16 kHz (silence) and 48 kHz (Opus audio); normalise to 16 kHz mono.
      frames = this.#normalizer.push(d.samples, d.sampleRate, d.channelCount ?? 1);
    } catch (e) {
      if (!this.#badFormatLogged) {
        this.#badFormatLogged = true;
        this.#ctx.log({ type: "error", legId: this.id, detail: { message: `Dropping sink audio: ${errText(e)}` } });
      }
      return;
    }
    for (const samples of frames) {
      if (rms(samples) >= ENERGY_MIN_RMS) this.#audioEnergy++;
      const digits = this.#decoder.push(samples);
      for (const t of this.#taps) t.audio?.(samples, digits);
    }
  }

  #onVideo(frame: I420Frame): void {
    if (this.#closed) return;
    this.#videoIn++;
    this.#ctx.totals.videoFramesIn++;
    for (const t of this.#taps) t.video?.(frame);
  }

  /** Adds an observer of incoming media; returns the function that removes it. */
  tap(t: LegTap): () => void {
    this.#taps.add(t);
    return () => this.#taps.delete(t);
  }

  /** Sends one 16 kHz mono frame on the outgoing audio track (no-op once closed). */
  sendAudio(samples: Int16Array): void {
    if (this.#closed) return;
    this.#guard(() =>
      this.#audioSource.onData({
        samples,
        sampleRate: PROCESSOR_AUDIO.sampleRate,
        bitsPerSample: 16,
        channelCount: 1,
        numberOfFrames: samples.length,
      })
    );
  }

  /** Sends one I420 frame on the outgoing video track (no-op once closed). */
  sendVideo(frame: I420Frame): void {
    if (this.#closed) return;
    this.#guard(() => this.#videoSource.onFrame({ width: frame.width, height: frame.height, data: frame.data }));
  }

  #guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (!this.#sendErrorLogged) {
        this.#sendErrorLogged = true;
        this.#ctx.log({ type: "error", legId: this.id, detail: { message: `Cannot send media: ${errText(e)}` } });
      }
    }
  }

  #assertOpen(what: string): void {
    if (this.#closed) throw new ShieldCallError("BAD_STATE", `Cannot ${what} on leg "${this.id}": the leg is closed`);
  }

  #assertSignaling(what: string, expected: string): void {
    this.#assertOpen(what);
    const s = this.#pc.signalingState;
    if (s !== expected) {
      throw new ShieldCallError(
        "BAD_STATE",
        `Cannot ${what} on leg "${this.id}": signaling state is "${s}", expected "${expected}"`,
      );
    }
  }

  async #complete(what: string): Promise<string> {
    await waitGathered(this.#pc, this.#ctx.gatherTimeoutMs, `leg "${this.id}"`, () => this.#closed);
    const sdp = this.#pc.localDescription?.sdp;
    if (typeof sdp !== "string" || sdp === "") {
      throw new ShieldCallError("INTERNAL", `Leg "${this.id}" has no local SDP after ${what}`);
    }
    return sdp;
  }

  /** Processor as answerer; resolves with the complete answer (SPEC §6: non-trickle). */
  async answer(offerSdp: string): Promise<string> {
    if (typeof offerSdp !== "string") throw new TypeError("Offer SDP must be a string");
    this.#assertSignaling("answer an offer", "stable");
    try {
      await this.#pc.setRemoteDescription({ type: "offer", sdp: offerSdp });
    } catch (e) {
      this.#assertOpen("answer an offer");
      throw new ShieldCallError("PROTO_INVALID", `Cannot apply offer to leg "${this.id}": ${errText(e)}`);
    }
    try {
      await this.#pc.setLocalDescription(await this.#pc.createAnswer());
    } catch (e) {
      this.#assertOpen("answer an offer");
      throw new ShieldCallError("INTERNAL", `Cannot create answer on leg "${this.id}": ${errText(e)}`);
    }
    return this.#complete("answering");
  }

  /** Processor as offerer; resolves with the complete offer (SPEC §6: non-trickle). */
  async offer(): Promise<string> {
    this.#assertSignaling("create an offer", "stable");
    try {
      await this.#pc.setLocalDescription(await this.#pc.createOffer());
    } catch (e) {
      this.#assertOpen("create an offer");
      throw new ShieldCallError("INTERNAL", `Cannot create offer on leg "${this.id}": ${errText(e)}`);
    }
    return this.#complete("offering");
  }

  /** Applies the endpoint's answer to this leg's offer. */
  async applyAnswer(sdp: string): Promise<void> {
    if (typeof sdp !== "string") throw new TypeError("Answer SDP must be a string");
    this.#assertSignaling("apply an answer", "have-local-offer");
    try {
      await this.#pc.setRemoteDescription({ type: "answer", sdp });
    } catch (e) {
      this.#assertOpen("apply an answer");
      throw new ShieldCallError("PROTO_INVALID", `Cannot apply answer to leg "${this.id}": ${errText(e)}`);
    }
  }

  /** The certificate's fingerprint before any description: from an offer that is never applied. */
  async certificateFingerprint(): Promise<string> {
    const fp = sdpFingerprint((await this.#pc.createOffer()).sdp);
    if (fp === null) throw new ShieldCallError("INTERNAL", `Leg "${this.id}" has no certificate fingerprint`);
    return fp;
  }

  /** The local SDP's sha-256 fingerprint in normal form, or null before there is a local SDP. */
  localFingerprint(): string | null {
    if (this.#closed) return null;
    return sdpFingerprint(this.#pc.localDescription?.sdp);
  }

  /** The leg's counters. */
  stats(): LegStats {
    return {
      state: this.#closed ? "closed" : this.#pc.connectionState,
      audioFramesIn: this.#audioIn,
      audioFramesWithEnergy: this.#audioEnergy,
      videoFramesIn: this.#videoIn,
      heard: this.#decoder.heard,
    };
  }

  /** True once close() ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Stops sinks, stops local and remote tracks, closes the peer connection (docs/node-webrtc.md teardown order). */
  close(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#closed = true;
    this.#taps.clear();
    for (const s of this.#audioSinks) {
      s.ondata = null;
      s.stop();
    }
    for (const s of this.#videoSinks) {
      s.onframe = null;
      s.stop();
    }
    for (const t of [...this.#localTracks, ...this.#remoteTracks]) t.stop();
    this.#pc.close();
    this.#ctx.log({
      type: "leg.closed",
      legId: this.id,
      detail: { audioFramesIn: this.#audioIn, videoFramesIn: this.#videoIn },
    });
    this.#ctx.onClosed(this);
    return Promise.resolve();
  }
}
