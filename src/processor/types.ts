/**
 * Public types of the media processor (SPEC §4.4): legs, bridges, recordings, captions, transcripts, events.
 */

/** Something the processor did, for the service's evidence log (SPEC §4.4). */
export interface ProcessorEvent {
  /** Wall-clock time, ms since the epoch. */
  at: number;
  type:
    | "leg.created"
    | "leg.state"
    | "leg.track"
    | "leg.closed"
    | "bridge.created"
    | "bridge.unbridged"
    | "bridge.closed"
    | "recording.started"
    | "recording.stopped"
    | "captions.started"
    | "captions.stopped"
    | "transcription.started"
    | "transcription.stopped"
    | "group.created"
    | "group.closed"
    | "voicemail.started"
    | "voicemail.stopped"
    | "error";
  legId?: string;
  callId?: string;
  detail?: Record<string, unknown>;
}

/** Options of MediaProcessor. */
export interface MediaProcessorOptions {
  /** Directory for recordings and transcripts; created on first use. Default: `<os tmpdir>/shieldcall-processor`. */
  outDir?: string;
  /** Receives every ProcessorEvent; must not throw. */
  log?: (e: ProcessorEvent) => void;
  /** RTCPeerConnection configuration for every leg (default: none; host candidates only). */
  rtcConfig?: RTCConfiguration;
  /** Timeout for ICE gathering to complete before an SDP is returned, ms (default 10000). */
  gatherTimeoutMs?: number;
}

/** Counters of one leg (SPEC §4.4). */
export interface LegStats {
  /** RTCPeerConnection connectionState, or "closed" once the leg is closed. */
  state: string;
  /** 10 ms audio frames delivered by the incoming audio track's sink (sinks fire even on silence). */
  audioFramesIn: number;
  /** Of those, frames with RMS ≥ ENERGY_MIN_RMS: frames that carried sound. */
  audioFramesWithEnergy: number;
  /** Video frames delivered by the incoming video track's sink. */
  videoFramesIn: number;
  /** Every digit decoded (SpeechDecoder) from the leg's incoming audio so far. */
  heard: string;
}

/** One WebRTC leg between an endpoint and the processor (SPEC §4.4). */
export interface ProcessorLeg {
  readonly id: string;
  readonly label: string;
  /** Processor as answerer: applies the offer, resolves with the complete answer SDP (gathering complete). */
  answer(offerSdp: string): Promise<string>;
  /** Processor as offerer: resolves with the complete offer SDP (gathering complete). */
  offer(): Promise<string>;
  /** Applies the endpoint's answer to an offer() made by this leg. */
  applyAnswer(sdp: string): Promise<void>;
  /** sha-256 fingerprint from the leg's local SDP in normal form ("AB:CD:…"), or null before it has one. */
  localFingerprint(): string | null;
  /**
   * SPEC §6.1, §8 (mitm under protocol 3): the fingerprint of the certificate this leg will use, in normal form,
   * before any description is set (from an offer that is never applied).
   */
  certificateFingerprint(): Promise<string>;
  /** The leg's counters. */
  stats(): LegStats;
  /** Stops sinks and tracks and closes the peer connection; idempotent. */
  close(): Promise<void>;
}

/** One recorded direction of a bridge: the audio leg `from` sent toward leg `to`. */
export interface RecordingFile {
  /** "a->b" (audio received on leg a, forwarded to leg b) or "b->a". */
  direction: "a->b" | "b->a";
  from: string;
  to: string;
  /** Absolute path of the WAV file (16 kHz mono 16-bit PCM). */
  path: string;
  /** Samples in the file's data chunk. */
  samples: number;
  /** Lower-case hex SHA-256 of the whole WAV file. */
  sha256: string;
  /** True when the buffer bound was reached and later audio was dropped. */
  truncated: boolean;
}

/** What stopRecording() returns; also written as JSON next to the WAV files (SPEC §4.4 F1). */
export interface RecordingManifest {
  callId: string;
  /** Path of this manifest's JSON file. */
  manifestPath: string;
  sampleRate: 16000;
  files: RecordingFile[];
  /** ms since the epoch. */
  startedAt: number;
  endedAt: number;
}

/** A live caption (SPEC §4.4 F2): `legId` is the leg whose incoming audio was spoken (the speaker's leg). */
export interface Caption {
  legId: string;
  /** Digits decoded so far in the current utterance. */
  text: string;
  /** True once a pause ended the utterance (the text is then complete). */
  final: boolean;
  /** ms since the epoch when the caption was produced. */
  at: number;
}

/** One transcript line: a complete utterance; `at` is when its first digit was decoded (ms since the epoch). */
export interface TranscriptLine {
  legId: string;
  text: string;
  at: number;
}

/** What stopTranscription() returns; the same lines are in the JSON file at `path` (SPEC §4.4 F3). */
export interface TranscriptResult {
  path: string;
  lines: TranscriptLine[];
}

/** Two legs whose media the processor forwards to each other (SPEC §4.4). */
export interface Bridge {
  readonly callId: string;
  readonly a: ProcessorLeg;
  readonly b: ProcessorLeg;
  /** F1: starts buffering each direction's audio. */
  startRecording(): void;
  /** F1: writes the WAV files and the manifest. */
  stopRecording(): Promise<RecordingManifest>;
  /** F2: calls `onCaption` for each caption update of either direction. */
  startCaptions(onCaption: (c: Caption) => void): void;
  /** F2: stops captions, first emitting the final caption of any utterance in progress. */
  stopCaptions(): void;
  /** F3: starts collecting complete utterances of both directions. */
  startTranscription(): void;
  /** F3: writes the transcript file and returns its lines. */
  stopTranscription(): Promise<TranscriptResult>;
  /** Stops forwarding media between the legs; legs and running features stay up. */
  unbridge(): void;
  /** True while media is forwarded. */
  readonly forwarding: boolean;
  /** Stops forwarding and every feature (writing any active recording/transcript); legs stay up. */
  close(): Promise<void>;
}

/** One member of a group bridge as MediaProcessor.group() takes it (SPEC §4.5 CC8). */
export interface GroupMemberSpec {
  leg: ProcessorLeg;
  /** Members with the same key (one user's devices) never hear each other. */
  key: string;
  /** False for a listen-only member (a companion device); default true. */
  speaks?: boolean;
}

/** Who hears whom in a group bridge. */
export interface GroupStats {
  callId: string;
  forwarding: boolean;
  members: { legId: string; key: string; speaks: boolean; hearing: string | null; switches: number }[];
}

/** An N-party bridge: each listener hears one other speaking member at a time, rotated at pauses (SPEC §4.5 CC8). */
export interface GroupBridge {
  readonly callId: string;
  readonly forwarding: boolean;
  /** Leg ids of the members. */
  readonly legIds: string[];
  stats(): GroupStats;
  /** Stops forwarding; the legs stay connected and may be bridged again. */
  close(): Promise<void>;
}

/** What a voicemail recorder writes (SPEC §4.5 CC10). */
export interface VoicemailManifest {
  kind: "voicemail";
  callId: string;
  /** The mailbox owner. */
  for: string;
  /** The user who left the message. */
  from: string;
  legId: string;
  sampleRate: 16000;
  /** Absolute path of the WAV file (16 kHz mono 16-bit PCM). */
  path: string;
  /** Path of this manifest's JSON file. */
  manifestPath: string;
  samples: number;
  sha256: string;
  truncated: boolean;
  /** Digits decoded from the message (SPEC §11.1). */
  heard: string;
  startedAt: number;
  endedAt: number;
}

/** A running voicemail recording on one leg. */
export interface Voicemail {
  readonly callId: string;
  readonly samples: number;
  readonly heard: string;
  /** Stops, releases the leg, writes the WAV and manifest. */
  stop(): Promise<VoicemailManifest>;
}

/** Totals of one processor (SPEC §4.4). */
export interface ProcessorStats {
  /** Legs open now. */
  legs: number;
  /** Bridges open now (forwarding or not). */
  bridges: number;
  /** Audio frames received on every leg this processor ever had: 0 proves no audio reached it. */
  audioFramesIn: number;
  /** Video frames received on every leg this processor ever had. */
  videoFramesIn: number;
}

/**
 * What the service uses of a media processor (SPEC §4.4): MediaProcessor (every leg in this process) and
 * ProcessorPool (legs in worker processes) both provide it.
 */
export interface Processor {
  readonly outDir: string;
  /**
   * Opens a leg. `affinity` groups legs that should share a process (ProcessorPool; default: the leg id up to its
   * last ":", so `${callId}:caller` and `${callId}:callee` share one). Throws BAD_STATE for an open id or when closed.
   */
  createLeg(legId: string, opts?: { label?: string; affinity?: string }): ProcessorLeg;
  bridge(a: ProcessorLeg, b: ProcessorLeg, opts?: { callId?: string }): Bridge;
  group(members: GroupMemberSpec[], opts?: { callId?: string; minSlotMs?: number; maxSlotMs?: number }): GroupBridge;
  voicemail(
    leg: ProcessorLeg,
    opts: { callId: string; forUser: string; fromUser: string; maxSeconds?: number },
  ): Voicemail;
  legs(): ProcessorLeg[];
  stats(): ProcessorStats;
  /** Resolves once every counter read after it is at least as new as this call (a no-op in one process). */
  sync(): Promise<void>;
  close(): Promise<void>;
}
