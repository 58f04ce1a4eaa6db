/**
 * A test endpoint for processor and service tests: a real RTCPeerConnection that sends SpeechSource audio (DTMF
 * digits) and frame-coded video, and decodes what it receives. Child processes only (docs/node-webrtc.md).
 */
import wrtc from "@roamhq/wrtc";
import { AUDIO_FRAME_MS, decodeFrame, encodeFrame, SpeechDecoder, SpeechSource } from "../../media/mod.ts";
import { sdpFingerprint, waitGathered } from "../_sdp.ts";
import { AudioNormalizer } from "../resample.ts";

const { RTCPeerConnection } = wrtc;
const ns = wrtc.nonstandard as unknown as {
  RTCAudioSource: new () => { createTrack(): Track; onData(d: object): void };
  RTCVideoSource: new () => { createTrack(): Track; onFrame(f: object): void };
  RTCAudioSink: new (
    t: Track,
  ) => { ondata: ((d: { samples: Int16Array; sampleRate: number }) => void) | null; stop(): void };
  RTCVideoSink: new (
    t: Track,
  ) => { onframe: ((e: { frame: { width: number; height: number; data: Uint8Array } }) => void) | null; stop(): void };
};
interface Track {
  kind: string;
  stop(): void;
}

/** A test endpoint: sends SpeechSource audio and frame-coded video, decodes what it receives. */
export class Endpoint {
  readonly pc = new RTCPeerConnection();
  readonly audio = new ns.RTCAudioSource();
  readonly video = new ns.RTCVideoSource();
  readonly tracks: Track[] = [];
  readonly sinks: Array<{ stop(): void }> = [];
  readonly timers: Array<ReturnType<typeof setInterval>> = [];
  readonly decoder = new SpeechDecoder(16000);
  readonly normalizer = new AudioNormalizer(); // sinks deliver 48 kHz once Opus audio flows
  readonly counters: number[] = [];
  audioFrames = 0;
  videoFrames = 0;
  undecodable = 0;

  constructor(readonly text: string) {
    for (const t of [this.audio.createTrack(), this.video.createTrack()]) {
      this.tracks.push(t);
      this.pc.addTrack(t as never);
    }
    this.pc.ontrack = (ev: { track: unknown }) => {
      const track = ev.track as Track;
      this.tracks.push(track);
      if (track.kind === "audio") {
        const sink = new ns.RTCAudioSink(track);
        this.sinks.push(sink);
        sink.ondata = (d) => {
          this.audioFrames++;
          for (const f of this.normalizer.push(d.samples, d.sampleRate)) this.decoder.push(f);
        };
      } else {
        const sink = new ns.RTCVideoSink(track);
        this.sinks.push(sink);
        sink.onframe = ({ frame }) => {
          this.videoFrames++;
          const code = decodeFrame(frame.data, frame.width, frame.height);
          if (code === null) this.undecodable++;
          else this.counters.push(code.counter);
        };
      }
    };
  }

  async offer(): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    await waitGathered(this.pc as never, 10000, "endpoint", () => false);
    return this.pc.localDescription!.sdp;
  }

  async answer(sdp: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: "offer", sdp });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    await waitGathered(this.pc as never, 10000, "endpoint", () => false);
    return this.pc.localDescription!.sdp;
  }

  async accept(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: "answer", sdp });
  }

  /** Starts real-time audio (48 kHz SpeechSource, catching up on timer drift) and ~15 fps video. */
  start(): void {
    const speech = new SpeechSource({ text: this.text, sampleRate: 48000 });
    const t0 = Date.now();
    this.timers.push(setInterval(() => {
      const due = Math.floor((Date.now() - t0) / AUDIO_FRAME_MS) + 1;
      for (let k = 0; k < 5 && speech.framesProduced < due; k++) {
        const samples = speech.next();
        this.audio.onData({
          samples,
          sampleRate: 48000,
          bitsPerSample: 16,
          channelCount: 1,
          numberOfFrames: samples.length,
        });
      }
    }, AUDIO_FRAME_MS));
    let counter = 0;
    this.timers.push(
      setInterval(() => this.video.onFrame({ width: 320, height: 240, data: encodeFrame(counter++, Date.now()) }), 66),
    );
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    for (const s of this.sinks) s.stop();
    for (const t of this.tracks) t.stop();
    this.pc.close();
  }

  observed() {
    return {
      heard: this.decoder.heard,
      audioFrames: this.audioFrames,
      videoFrames: this.videoFrames,
      undecodable: this.undecodable,
      counters: this.counters,
      localFingerprint: sdpFingerprint(this.pc.localDescription?.sdp),
      remoteFingerprint: sdpFingerprint(this.pc.remoteDescription?.sdp),
    };
  }
}
