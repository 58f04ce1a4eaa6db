/**
 * Per-call media of the reference peer: one RTCPeerConnection (no ICE servers), synthetic outgoing audio and video
 * (SPEC §11) driven by the shared 10 ms MediaTicker, self-checking sinks for what arrives, offer/answer helpers that
 * wait until the UDP candidates are gathered (SPEC §4.3 TR2: complete SDP, no trickle), and a teardown that follows
 * the node-webrtc rules (stop sinks and tracks, then close the PeerConnection).
 */
import wrtc from "@roamhq/wrtc";
import { ContinuityTracker, decodeFrame, encodeFrame, SpeechDecoder, SpeechSource } from "../media/mod.ts";
import { udpGathered } from "../protocol/mod.ts";
import { type MediaTicker, sharedTicker } from "./media_ticker.ts";

/**
 * The reference peer's outgoing media (SPEC §11 "What the reference peer sends"): 16 kHz audio and 160x120 video at
 * 15 fps keep the per-call CPU low. Mutable only so a bench can compare sizes within one run.
 */
export const REFERENCE_MEDIA: { width: number; height: number; fps: number; sampleRate: 48000 | 16000 } = {
  width: 160,
  height: 120,
  fps: 15,
  sampleRate: 16000,
};

/** A session description as sent on the wire (SPEC §6 `sdp.description`). */
export interface SessionDescription {
  type: "offer" | "answer";
  sdp: string;
}

/** Media counters of one call, as reported in the driver's CallState (SPEC §7). */
export interface MediaStats {
  audio: { framesReceived: number; digits: string; carrier: boolean };
  /** `gaps`: missing counter ranges; `latencyMs`: median send-to-receive time (null before the first decoded frame). */
  video: { framesReceived: number; decoded: number; gaps: number; maxGapMs: number; latencyMs: number | null };
}

/** Options of a MediaEngine. */
export interface MediaEngineOptions {
  /** Digits this endpoint speaks (DTMF alphabet). */
  speech: string;
  /** Shared media clock (default: the process-wide sharedTicker()). */
  ticker?: MediaTicker;
  /** Outgoing audio sample rate (default REFERENCE_MEDIA.sampleRate: 16000, SPEC §11 SM1). */
  sampleRate?: 48000 | 16000;
  /** Outgoing video size and rate (default REFERENCE_MEDIA: 160x120 at 15 fps, SPEC §11 SM10, SM13). */
  width?: number;
  height?: number;
  fps?: number;
  /** Upper bound on waiting for ICE gathering to complete, in ms (default 5000). */
  gatherTimeoutMs?: number;
  /** Called on every connectionState change. */
  onConnectionState?: (state: string) => void;
  /** Diagnostic log (stderr-bound; never stdout). */
  log?: (line: string) => void;
  /** Wall clock for frame timestamps (default Date.now). */
  now?: () => number;
  /** Whether the sources feed the tracks from the start (default true); see setSending(). */
  sending?: boolean;
}

type PC = InstanceType<typeof wrtc.RTCPeerConnection>;
type Track = InstanceType<typeof wrtc.MediaStreamTrack>;
type Sink = { stop(): void };

/** One call's RTCPeerConnection with its synthetic sources and self-checking sinks. */
export class MediaEngine {
  /** The underlying PeerConnection (exposed for diagnostics and tests). */
  readonly pc: PC;
  readonly width: number;
  readonly height: number;
  #log: (line: string) => void;
  #now: () => number;
  #gatherTimeoutMs: number;
  #onState?: (state: string) => void;
  #speech: SpeechSource;
  #audioSource: InstanceType<typeof wrtc.nonstandard.RTCAudioSource>;
  #videoSource: InstanceType<typeof wrtc.nonstandard.RTCVideoSource>;
  #localTracks: Track[] = [];
  #remoteTracks: Track[] = [];
  #sinks: Sink[] = [];
  #unsubscribe: () => void;
  #videoEveryTicks: number;
  #videoCounter = 0;
  #closed = false;
  #sending: boolean;
  #remoteOffer: string | null = null;
  /** The offer's relay candidates, added once the answer is handed over (acceptOffer). */
  #deferred: IceCandidateInit[] = [];
  // incoming
  #decoder: SpeechDecoder | undefined;
  #heardBefore = "";
  #audioFrames = 0;
  #videoFrames = 0;
  #videoDecoded = 0;
  #continuity: ContinuityTracker;

  /** Creates the PeerConnection, adds the outgoing audio and video tracks and starts feeding them. */
  constructor(opts: MediaEngineOptions) {
    this.width = opts.width ?? REFERENCE_MEDIA.width;
    this.height = opts.height ?? REFERENCE_MEDIA.height;
    const fps = opts.fps ?? REFERENCE_MEDIA.fps;
    this.#log = opts.log ?? (() => {});
    this.#now = opts.now ?? Date.now;
    this.#gatherTimeoutMs = opts.gatherTimeoutMs ?? 5000;
    this.#onState = opts.onConnectionState;
    this.#sending = opts.sending ?? true;
    this.#speech = new SpeechSource({ text: opts.speech, sampleRate: opts.sampleRate ?? REFERENCE_MEDIA.sampleRate });
    const ticker = opts.ticker ?? sharedTicker();
    this.#videoEveryTicks = Math.max(1, Math.round(1000 / fps / ticker.periodMs));
    this.#continuity = new ContinuityTracker({ expectedIntervalMs: this.#videoEveryTicks * ticker.periodMs });

    // SPEC §4.3/§4.4: no ICE servers; the service steers candidates (relay) or terminates the leg (processor).
    this.pc = new wrtc.RTCPeerConnection({ iceServers: [] });
    this.#audioSource = new wrtc.nonstandard.RTCAudioSource();
    this.#videoSource = new wrtc.nonstandard.RTCVideoSource();
    const audioTrack = this.#audioSource.createTrack();
    const videoTrack = this.#videoSource.createTrack();
    this.#localTracks.push(audioTrack, videoTrack);
    const stream = new wrtc.MediaStream([audioTrack, videoTrack]);
    this.pc.addTrack(audioTrack, stream);
    this.pc.addTrack(videoTrack, stream);

    this.pc.ontrack = (ev: { track: Track }) => this.#onTrack(ev.track);
    this.pc.onconnectionstatechange = () => {
      const s = this.pc.connectionState;
      this.#log(`media: connectionState ${s}`);
      this.#onState?.(s);
    };
    this.#unsubscribe = ticker.subscribe((tick, now) => this.#onTick(tick, now));
  }

  /** The PeerConnection's connectionState ("closed" after close()). */
  get connectionState(): string {
    return this.#closed ? "closed" : this.pc.connectionState;
  }

  /** True once close() ran. */
  get closed(): boolean {
    return this.#closed;
  }

  /** SDP of the local description currently set, or null. */
  get localSdp(): string | null {
    return this.pc.localDescription?.sdp ?? null;
  }

  /** SDP of the remote description as received (an offer's relay candidates may be applied later), or null. */
  get remoteSdp(): string | null {
    if (this.pc.remoteDescription?.type === "offer" && this.#remoteOffer !== null) return this.#remoteOffer;
    return this.pc.remoteDescription?.sdp ?? null;
  }

  /**
   * SPEC §5.9: the media gate. While off, the sources feed no frame, so libwebrtc has nothing to packetise and sends
   * no RTP media (measured on the relay's wire; DTLS, ICE and RTCP still flow).
   */
  setSending(on: boolean): void {
    this.#sending = on;
  }

  /** SPEC §6.1: SDP naming this PeerConnection's certificate fingerprint: an offer that is never applied. */
  async certificateSdp(): Promise<string> {
    this.#assertOpen("read the fingerprint");
    return (await this.pc.createOffer()).sdp ?? "";
  }

  /** Creates an offer, sets it locally and returns the complete (gathered) local description. */
  async createOffer(): Promise<SessionDescription> {
    await this.startOffer();
    return await this.gatheredOffer();
  }

  /**
   * Creates an offer and sets it locally; returns its SDP at once, before any candidate is gathered. Its certificate
   * fingerprint is already final, which is all a commitment needs (SPEC §5.2, §6.1); send the SDP itself only from
   * gatheredOffer() (SPEC §4.3 TR2).
   */
  async startOffer(): Promise<string> {
    this.#assertOpen("createOffer");
    const offer = await this.pc.createOffer();
    await this.pc.setLocalDescription(offer);
    return offer.sdp ?? "";
  }

  /** The local offer set by startOffer() once its UDP candidates are gathered (SPEC §4.3 TR2). */
  async gatheredOffer(): Promise<SessionDescription> {
    return await this.#gathered("offer");
  }

  /**
   * Applies a remote offer, answers it and returns the complete (gathered) local answer.
   *
   * In a relay call (SPEC §4.3: the offer's only candidates are the relay's, foundation "relay", TR2) the relay drops
   * our connectivity checks until our answer has brought our permit to the service (TR3, TR4), and libwebrtc retries
   * a dropped check only at its next ping, about 50 ms later. So the relay candidate is applied only after the
   * answer was handed to the caller of this method (the next timer turn), and our first check usually finds the
   * permit in place. The SDP we applied keeps every other line, the fingerprint included (SPEC §5.7).
   */
  async acceptOffer(offer: SessionDescription): Promise<SessionDescription> {
    await this.startAnswer(offer);
    return await this.gatheredAnswer();
  }

  /**
   * The first half of acceptOffer(): applies the offer (its relay candidates held back) and sets the answer locally,
   * so localSdp and remoteSdp are final (SPEC §5.7) while the UDP candidates are still being gathered.
   */
  async startAnswer(offer: SessionDescription): Promise<void> {
    this.#assertOpen("acceptOffer");
    if (offer.type !== "offer") throw new TypeError(`Expected an offer: got "${offer.type}"`);
    const split = splitRelayCandidates(offer.sdp);
    await this.pc.setRemoteDescription(split.deferred.length ? { type: "offer", sdp: split.sdp } : offer);
    this.#remoteOffer = offer.sdp;
    this.#deferred = split.deferred;
    const answer = await this.pc.createAnswer();
    await this.pc.setLocalDescription(answer);
  }

  /** The second half of acceptOffer(): the complete answer (SPEC §4.3 TR2), then the held-back relay candidates. */
  async gatheredAnswer(): Promise<SessionDescription> {
    const desc = await this.#gathered("answer");
    const deferred = this.#deferred.splice(0);
    if (deferred.length) {
      setTimeout(() => {
        if (this.#closed) return;
        for (const c of deferred) {
          this.pc.addIceCandidate(c).catch((e: unknown) =>
            this.#log(`media: cannot add the relay candidate: ${(e as Error)?.message ?? e}`)
          );
        }
      }, 0);
    }
    return desc;
  }

  /** Applies the remote answer to our offer. */
  async applyAnswer(answer: SessionDescription): Promise<void> {
    this.#assertOpen("applyAnswer");
    if (answer.type !== "answer") throw new TypeError(`Expected an answer: got "${answer.type}"`);
    await this.pc.setRemoteDescription(answer);
  }

  /** Current incoming-media counters (SPEC §7 CallState.media). */
  stats(): MediaStats {
    const c = this.#continuity.stats();
    return {
      audio: {
        framesReceived: this.#audioFrames,
        digits: this.#heardBefore + (this.#decoder?.heard ?? ""),
        carrier: this.#decoder?.carrierPresent() ?? false,
      },
      video: {
        framesReceived: this.#videoFrames,
        decoded: this.#videoDecoded,
        gaps: c.gaps,
        maxGapMs: c.maxGapMs,
        latencyMs: c.latencyMs.p50,
      },
    };
  }

  /** Stops the sources, sinks and tracks and closes the PeerConnection. Idempotent; never throws. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    // docs/node-webrtc.md teardown rule: sinks, then tracks, then the PeerConnection.
    for (const s of this.#sinks) safely(() => s.stop());
    for (const t of [...this.#remoteTracks, ...this.#localTracks]) safely(() => t.stop());
    this.pc.ontrack = null;
    this.pc.onconnectionstatechange = null;
    safely(() => this.pc.close());
    this.#sinks = [];
  }

  #assertOpen(what: string): void {
    if (this.#closed) throw new TypeError(`Cannot ${what}: the media engine is closed`);
  }

  /**
   * Waits (bounded) until the UDP candidates are gathered (SPEC §4.3 TR2: complete SDP with every UDP candidate; the
   * relay and the processor use no TCP candidate, which libwebrtc adds ~100 ms later) and returns the local
   * description with its candidates.
   */
  async #gathered(type: "offer" | "answer"): Promise<SessionDescription> {
    const by = await udpGathered(this.pc, { timeoutMs: this.#gatherTimeoutMs, isClosed: () => this.#closed });
    if (by === "timeout") {
      this.#log(`media: ICE gathering not complete after ${this.#gatherTimeoutMs} ms: sending what we have`);
    }
    this.#assertOpen(`send the ${type}`);
    const desc = this.pc.localDescription;
    if (!desc) throw new TypeError(`No local ${type} after setLocalDescription`);
    return { type, sdp: desc.sdp };
  }

  #onTick(tick: number, now: number): void {
    if (this.#closed || !this.#sending) return;
    this.#audioSource.onData({ samples: this.#speech.next(), sampleRate: this.#speech.sampleRate });
    if (tick % this.#videoEveryTicks === 0) {
      const data = encodeFrame(this.#videoCounter++, now, this.width, this.height);
      this.#videoSource.onFrame({ width: this.width, height: this.height, data });
    }
  }

  #onTrack(track: Track): void {
    if (this.#closed) return;
    this.#remoteTracks.push(track);
    if (track.kind === "audio") {
      const sink = new wrtc.nonstandard.RTCAudioSink(track);
      this.#sinks.push(sink);
      sink.ondata = (d: { samples: Int16Array; sampleRate: number; channelCount?: number }) => {
        if (this.#closed) return;
        this.#audioFrames++;
        // The sink's rate is not fixed (16 kHz at first, then the source's rate): decode at the rate that arrives.
        if (this.#decoder?.sampleRate !== d.sampleRate) {
          this.#heardBefore += this.#decoder?.heard ?? "";
          this.#decoder = new SpeechDecoder(d.sampleRate);
        }
        this.#decoder.push(mono(d.samples, d.channelCount ?? 1));
      };
    } else if (track.kind === "video") {
      const sink = new wrtc.nonstandard.RTCVideoSink(track);
      this.#sinks.push(sink);
      sink.onframe = (ev: { frame: { width: number; height: number; data: Uint8Array } }) => {
        if (this.#closed) return;
        this.#videoFrames++;
        const f = ev.frame;
        const decoded = decodeFrame(f.data, f.width, f.height);
        if (decoded) {
          this.#videoDecoded++;
          this.#continuity.observe(decoded.counter, decoded.sentAtMs, this.#now());
        }
      };
    }
  }
}

/** A candidate as addIceCandidate() takes it. */
interface IceCandidateInit {
  candidate: string;
  sdpMid: string | null;
  sdpMLineIndex: number;
}

/**
 * Splits an SDP whose every candidate is a relay candidate (foundation "relay", SPEC §4.3 TR2) into the SDP without
 * them and the candidates to add later; any other SDP comes back whole with nothing deferred.
 */
export function splitRelayCandidates(sdp: string): { sdp: string; deferred: IceCandidateInit[] } {
  const eol = sdp.includes("\r\n") ? "\r\n" : "\n";
  const lines = sdp.split(eol);
  const candidates = lines.filter((l) => l.startsWith("a=candidate:"));
  if (candidates.length === 0 || !candidates.every((l) => l.startsWith("a=candidate:relay "))) {
    return { sdp, deferred: [] };
  }
  const deferred: IceCandidateInit[] = [];
  const kept: string[] = [];
  let section = -1;
  let mid: string | null = null;
  const pending: string[] = [];
  const flush = () => {
    for (const c of pending.splice(0)) deferred.push({ candidate: c.slice(2), sdpMid: mid, sdpMLineIndex: section });
  };
  for (const l of lines) {
    if (l.startsWith("m=")) {
      flush();
      section++;
      mid = null;
    } else if (l.startsWith("a=mid:")) mid = l.slice(6);
    if (l.startsWith("a=candidate:relay ")) pending.push(l);
    else kept.push(l);
  }
  flush();
  return { sdp: kept.join(eol), deferred };
}

/** First channel of interleaved samples (the sink is mono in practice). */
function mono(samples: Int16Array, channels: number): Int16Array {
  if (channels <= 1) return samples;
  const out = new Int16Array(Math.floor(samples.length / channels));
  for (let i = 0; i < out.length; i++) out[i] = samples[i * channels]!;
  return out;
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // teardown must not throw
  }
}
