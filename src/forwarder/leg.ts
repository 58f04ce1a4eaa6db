/**
 * One forwarder leg (SPEC §13.9): a werift RTCPeerConnection that terminates one endpoint's DTLS-SRTP, with one
 * send-receive transceiver per kind (audio, video). It hands every RTP packet it receives to its call unparsed and
 * sends what the call gives it under its own SSRC and payload type. It holds no media key and decodes nothing.
 */
import type {
  MediaStreamTrack,
  RTCPeerConnection,
  RTCPeerConnectionConfig,
  RtcpPacket,
  RTCRtpTransceiver,
  RtpPacket,
} from "werift";
import type * as Werift from "werift";
import { ShieldCallError } from "../errors.ts";
import { isPliFor } from "./_rtcp.ts";
import { checkSdp } from "./_sdp.ts";
import type { LegState, MediaKind } from "./types.ts";

let werift: typeof Werift | null = null;
/**
 * werift, loaded when the first leg makes its exchange: the CLI is one bundle, and werift (the largest package it
 * uses) would otherwise load in every process, adapters included, that never forwards a call.
 */
async function loadWerift(): Promise<typeof Werift> {
  return (werift ??= await import("werift"));
}

/** What a leg reports to its call. */
export interface LegHost {
  /** Configuration merged over the forwarder's defaults for every leg's peer connection. */
  rtcConfig: Partial<RTCPeerConnectionConfig>;
  gatherTimeoutMs: number;
  /** An RTP packet arrived on `leg` for its track of `kind`. */
  onRtp(leg: ForwarderLeg, kind: MediaKind, packet: RtpPacket): void;
  /** The endpoint of `leg` asked for a key frame (RTCP PLI) on the video this leg sends it. */
  onKeyFrameRequest(leg: ForwarderLeg): void;
  /** `leg` is usable no more (its call is closed). */
  isClosed(): boolean;
}

const KINDS: readonly MediaKind[] = ["audio", "video"];

function errText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** One endpoint's leg of a forwarded call; created by ForwardedCall. */
export class ForwarderLeg {
  readonly id: string;
  readonly #host: LegHost;
  #pc: RTCPeerConnection | null = null;
  #state: LegState = "new";
  #fingerprint: string | null = null;
  readonly #send = new Map<MediaKind, RTCRtpTransceiver>();
  readonly #remote = new Map<MediaKind, MediaStreamTrack>();
  readonly #closeWaiters = new Set<() => void>();

  /** Use ForwardedCall's legs. */
  constructor(id: string, host: LegHost) {
    this.id = id;
    this.#host = host;
  }

  /** "new" until an exchange starts; "offered" while an offer waits for its answer; "exchanged"; "closed". */
  get state(): LegState {
    return this.#host.isClosed() ? "closed" : this.#state;
  }

  /** The peer connection's connectionState, or "new" before an exchange and "closed" once closed. */
  get connectionState(): string {
    if (this.state === "closed") return "closed";
    return this.#pc?.connectionState ?? "new";
  }

  /** The sha-256 fingerprint of the leg's own DTLS certificate in normal form, once it has a local description. */
  localFingerprint(): string | null {
    return this.state === "closed" ? null : this.#fingerprint;
  }

  #assert(what: string, expected: LegState): void {
    const s = this.state;
    // SPEC §13.9 (FW4): a leg has one exchange; a closed call's legs refuse everything
    if (s !== expected) {
      throw new ShieldCallError(
        "BAD_STATE",
        `Cannot ${what} on leg "${this.id}": the leg is "${s}", not "${expected}"`,
      );
    }
  }

  /** `p`, or BAD_STATE as soon as the call closes: werift leaves a step pending on a closed connection. */
  #step<T>(p: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onClose = () => reject(new ShieldCallError("BAD_STATE", `Leg "${this.id}": the call closed meanwhile`));
      if (this.state === "closed") return onClose();
      this.#closeWaiters.add(onClose);
      p.then(
        (v) => (this.#closeWaiters.delete(onClose), resolve(v)),
        (e) => (this.#closeWaiters.delete(onClose), reject(e)),
      );
    });
  }

  #newPc(w: typeof Werift): RTCPeerConnection {
    const { RTCPeerConnection, useOPUS, useVP8 } = w;
    // SPEC §13.9 (FW5): one codec per kind (Opus, VP8), so the payload-type mapping between legs is exact
    const pc = new RTCPeerConnection({
      iceServers: [],
      iceLite: true, // SPEC §13.9 (FW4): the endpoint runs the checks, as against any server (RFC 8445 §2.5)
      bundlePolicy: "max-bundle",
      codecs: { audio: [useOPUS()], video: [useVP8()] },
      ...this.#host.rtcConfig,
    });
    pc.onTrack.subscribe((track) => this.#onTrack(track));
    return pc;
  }

  #onTrack(track: MediaStreamTrack): void {
    const kind = track.kind;
    if (kind !== "audio" && kind !== "video") return;
    if (this.#remote.has(kind)) return; // SPEC §13.9 (FW2): one track per kind is forwarded
    this.#remote.set(kind, track);
    // SPEC §13.9 (FW1): the packet goes to the call as received (after SRTP), never depacketized or decoded
    track.onReceiveRtp.subscribe((rtp) => {
      if (!this.#host.isClosed()) this.#host.onRtp(this, kind, rtp);
    });
  }

  #attach(t: RTCRtpTransceiver, kind: MediaKind): void {
    this.#send.set(kind, t);
    const onRtcp = (packet: RtcpPacket) => {
      const video = this.#send.get("video");
      // SPEC §13.9 (FW2): a receiver's key-frame request goes on to the sender of that video
      if (video && isPliFor(packet, video.sender.ssrc) && !this.#host.isClosed()) this.#host.onKeyFrameRequest(this);
    };
    t.sender.onRtcp.subscribe(onRtcp);
    t.receiver.onRtcp.subscribe(onRtcp);
  }

  /** Waits for ICE gathering to complete (non-trickle SDP); BAD_STATE if the call closes meanwhile. */
  async #gathered(pc: RTCPeerConnection): Promise<string> {
    const deadline = Date.now() + this.#host.gatherTimeoutMs;
    while (pc.iceGatheringState !== "complete") {
      if (this.state === "closed") {
        throw new ShieldCallError("BAD_STATE", `Cannot finish ICE gathering on leg "${this.id}": the call is closed`);
      }
      if (Date.now() > deadline) {
        const ms = this.#host.gatherTimeoutMs;
        throw new ShieldCallError("INTERNAL", `ICE gathering on leg "${this.id}" took over ${ms} ms`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    const sdp = pc.localDescription?.sdp;
    if (typeof sdp !== "string" || sdp === "") throw new ShieldCallError("INTERNAL", `Leg "${this.id}" has no SDP`);
    return sdp;
  }

  /** Drops a half-made peer connection so that a failed exchange leaves the leg as it was (SPEC §13.9 FW4). */
  async #reset(pc: RTCPeerConnection, back: LegState): Promise<void> {
    this.#send.clear();
    this.#remote.clear();
    this.#pc = null;
    this.#fingerprint = null;
    await pc.close().catch(() => {});
    if (this.#state !== "closed") this.#state = back;
  }

  /** Sets the local description `create` makes, waits for gathering, keeps its fingerprint; the leg goes to `next`. */
  async #describe(
    pc: RTCPeerConnection,
    create: () => Promise<RTCSessionDescriptionInit>,
    label: string,
    next: LegState,
  ): Promise<string> {
    await this.#step(pc.setLocalDescription(await this.#step(create())));
    const sdp = await this.#gathered(pc);
    this.#fingerprint = checkSdp(sdp, label);
    this.#state = next;
    return sdp;
  }

  /** A failed local exchange: the leg is back to "new" (BAD_STATE if it closed meanwhile), the error as INTERNAL. */
  async #failed(pc: RTCPeerConnection, e: unknown, what: string, verb: string): Promise<never> {
    await this.#reset(pc, "new");
    this.#assert(what, "new");
    if (e instanceof ShieldCallError) throw e;
    throw new ShieldCallError("INTERNAL", `Cannot ${verb} on leg "${this.id}": ${errText(e)}`);
  }

  /**
   * The forwarder as answerer: applies the endpoint's offer and resolves with the complete answer (non-trickle).
   * @throws TypeError for a non-string; ShieldCallError PROTO_INVALID for an offer that is not a usable SDP (the leg
   *   stays "new"), BAD_STATE when the leg is not "new"
   */
  async answer(offerSdp: string): Promise<string> {
    this.#assert("answer an offer", "new");
    checkSdp(offerSdp, "Offer");
    const w = await loadWerift();
    this.#assert("answer an offer", "new"); // a second exchange may have started meanwhile
    this.#state = "exchanging";
    const pc = this.#newPc(w);
    this.#pc = pc;
    try {
      await this.#step(pc.setRemoteDescription({ type: "offer", sdp: offerSdp }));
    } catch (e) {
      await this.#reset(pc, "new");
      this.#assert("answer an offer", "new");
      throw new ShieldCallError("PROTO_INVALID", `Cannot apply offer to leg "${this.id}": ${errText(e)}`);
    }
    try {
      for (const t of pc.getTransceivers()) {
        const kind = t.kind;
        // SPEC §13.9 (FW2): the first m-line of each kind carries media both ways; any further one is inactive
        if ((kind === "audio" || kind === "video") && !this.#send.has(kind)) {
          t.setDirection("sendrecv");
          await this.#step(t.sender.replaceTrack(new werift!.MediaStreamTrack({ kind })));
          this.#attach(t, kind);
        } else t.setDirection("inactive");
      }
      return await this.#describe(pc, () => pc.createAnswer(), "Local answer", "exchanged");
    } catch (e) {
      return await this.#failed(pc, e, "answer an offer", "answer");
    }
  }

  /**
   * The forwarder as offerer: resolves with a complete offer of one audio and one video send-receive m-line.
   * @throws ShieldCallError BAD_STATE when the leg is not "new"
   */
  async offer(): Promise<string> {
    this.#assert("create an offer", "new");
    const w = await loadWerift();
    this.#assert("create an offer", "new"); // a second exchange may have started meanwhile
    this.#state = "exchanging";
    const pc = this.#newPc(w);
    this.#pc = pc;
    try {
      for (const kind of KINDS) {
        this.#attach(pc.addTransceiver(new w.MediaStreamTrack({ kind }), { direction: "sendrecv" }), kind);
      }
      return await this.#describe(pc, () => pc.createOffer(), "Local offer", "offered");
    } catch (e) {
      return await this.#failed(pc, e, "create an offer", "create offer");
    }
  }

  /**
   * Applies the endpoint's answer to this leg's offer.
   * @throws TypeError for a non-string; ShieldCallError PROTO_INVALID for an answer that is not a usable SDP (the leg
   *   stays "offered"), BAD_STATE when the leg has no pending offer
   */
  async applyAnswer(answerSdp: string): Promise<void> {
    this.#assert("apply an answer", "offered");
    checkSdp(answerSdp, "Answer");
    this.#state = "exchanging";
    try {
      await this.#step(this.#pc!.setRemoteDescription({ type: "answer", sdp: answerSdp }));
    } catch (e) {
      if (this.#state === "exchanging") this.#state = "offered";
      this.#assert("apply an answer", "offered");
      throw new ShieldCallError("PROTO_INVALID", `Cannot apply answer to leg "${this.id}": ${errText(e)}`);
    }
    this.#assert("apply an answer", "exchanging");
    this.#state = "exchanged";
  }

  /**
   * Sends `packet` (already rewritten by the call) on this leg's track of `kind`. Returns false, sending nothing,
   * when the leg cannot send it yet (no DTLS connection or no negotiated codec) or any more.
   */
  /** Whether a packet of `kind` sent now would leave (the exchange done, the DTLS transport connected). */
  canSend(kind: MediaKind): boolean {
    const t = this.#send.get(kind);
    if (!t || this.state === "closed" || this.#state !== "exchanged") return false;
    return Boolean(t.sender.codec) && t.sender.dtlsTransport?.state === "connected";
  }

  send(kind: MediaKind, packet: RtpPacket): boolean {
    if (!this.canSend(kind)) return false;
    const sender = this.#send.get(kind)!.sender;
    // SPEC §13.9 (FW2): werift's sender sets the leg's own SSRC and the negotiated payload type, nothing else
    sender.sendRtp(packet).catch(() => {});
    return true;
  }

  /** Asks this leg's endpoint for a key frame of the video it sends (RTCP PLI). Returns whether one was sent. */
  requestKeyFrame(): boolean {
    const track = this.#remote.get("video");
    const t = this.#pc?.getTransceivers().find((x) => x.kind === "video" && x.receiver.tracks.includes(track!));
    if (!track?.ssrc || !t || this.state === "closed") return false;
    t.receiver.sendRtcpPLI(track.ssrc).catch(() => {});
    return true;
  }

  /** Closes the peer connection (its sockets); idempotent. Called by the call. */
  async close(): Promise<void> {
    this.#state = "closed";
    for (const w of this.#closeWaiters) w();
    this.#closeWaiters.clear();
    const pc = this.#pc;
    this.#pc = null;
    this.#send.clear();
    this.#remote.clear();
    if (pc) await pc.close().catch(() => {});
  }
}
