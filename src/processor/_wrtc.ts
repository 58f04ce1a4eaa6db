/**
 * The one place the processor loads @roamhq/wrtc, with the small typed surface it uses (node-webrtc's
 * nonstandard typings leave event handlers untyped).
 */
import wrtc from "@roamhq/wrtc";

/** One 10 ms frame delivered by an RTCAudioSink (16 kHz before audio flows, then 48 kHz; docs/node-webrtc.md). */
export interface SinkAudioData {
  samples: Int16Array;
  sampleRate: number;
  bitsPerSample?: number;
  channelCount?: number;
  numberOfFrames?: number;
}

/** One I420 video frame as sinks deliver and sources accept it. */
export interface I420Frame {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A media track as the processor uses it. */
export interface Track {
  readonly kind: string;
  readonly id: string;
  stop(): void;
}

/** RTCAudioSource: feeds PCM into an outgoing audio track. */
export interface AudioSource {
  createTrack(): Track;
  onData(data: SinkAudioData): void;
}

/** RTCVideoSource: feeds I420 frames into an outgoing video track. */
export interface VideoSource {
  createTrack(): Track;
  onFrame(frame: I420Frame): void;
}

/** RTCAudioSink: decoded PCM of an incoming audio track. */
export interface AudioSink {
  ondata: ((d: SinkAudioData) => void) | null;
  stop(): void;
}

/** RTCVideoSink: decoded frames of an incoming video track. */
export interface VideoSink {
  onframe: ((ev: { frame: I420Frame }) => void) | null;
  stop(): void;
}

/** The RTCPeerConnection constructor of @roamhq/wrtc. */
export const RTCPeerConnection: typeof globalThis.RTCPeerConnection = wrtc.RTCPeerConnection as never;

const ns = wrtc.nonstandard as unknown as {
  RTCAudioSource: new () => AudioSource;
  RTCVideoSource: new () => VideoSource;
  RTCAudioSink: new (track: Track) => AudioSink;
  RTCVideoSink: new (track: Track) => VideoSink;
};

/** Creates an RTCAudioSource. */
export function newAudioSource(): AudioSource {
  return new ns.RTCAudioSource();
}

/** Creates an RTCVideoSource. */
export function newVideoSource(): VideoSource {
  return new ns.RTCVideoSource();
}

/** Attaches an RTCAudioSink to an incoming audio track. */
export function newAudioSink(track: Track): AudioSink {
  return new ns.RTCAudioSink(track);
}

/** Attaches an RTCVideoSink to an incoming video track. */
export function newVideoSink(track: Track): VideoSink {
  return new ns.RTCVideoSink(track);
}
