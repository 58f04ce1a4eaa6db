/**
 * Test scaffolding: an SFrame endpoint on werift (a packet-level WebRTC stack), for the forwarder's tests and bench.
 * It seals each synthetic media frame with the reference SFrame (src/crypto/sframe/, the profile's keys) and sends
 * it as one RTP payload; it opens what it receives and counts what it drops. A faulty endpoint (`seal: false`) sends
 * its frames in clear.
 */
import {
  MediaStreamTrack,
  RTCPeerConnection,
  type RTCPeerConnectionConfig,
  type RtcpPacket,
  RtpHeader,
  RtpPacket,
} from "werift";
import { isPliFor } from "../_rtcp.ts";
import { profileContext, SFRAME_KID, type SFrameContext, type SFrameSenderKeys } from "../../crypto/sframe/mod.ts";
import type { MediaKind } from "../types.ts";

/** Bytes every synthetic frame starts with: what a recording would look for. */
export const MEDIA_MARKER = new TextEncoder().encode("SHIELDCALL-MEDIA|");
/** Plaintext sizes: an audio frame and a video frame (RTP payload sized, one frame per packet). */
export const FRAME_BYTES: Record<MediaKind, number> = { audio: 100, video: 1200 };

/** werift configuration of the endpoints and of the forwarder in tests: no ICE server, a loopback candidate. */
export const LOOPBACK_RTC: Partial<RTCPeerConnectionConfig> = {
  iceServers: [],
  iceUseIpv6: false,
  iceAdditionalHostAddresses: ["127.0.0.1"],
};

/** The RTP timestamp of frame `n` of `kind` (48 kHz audio in 20 ms frames, 90 kHz video at 30 fps). */
export function rtpTimestamp(kind: MediaKind, n: number): number {
  return (n * (kind === "audio" ? 960 : 3000)) >>> 0;
}

/** A synthetic frame: the marker, who sent it, its kind and number, padded to the kind's size. */
export function mediaFrame(from: string, kind: MediaKind, n: number): Uint8Array {
  const head = new TextEncoder().encode(`SHIELDCALL-MEDIA|${from}|${kind}|${n}|`);
  const out = new Uint8Array(Math.max(FRAME_BYTES[kind], head.length));
  out.set(head);
  for (let i = head.length; i < out.length; i++) out[i] = (n + i) & 0xff;
  return out;
}

/** A frame as the endpoint received it, with its RTP header fields. */
export interface Received {
  kind: MediaKind;
  plaintext: Uint8Array;
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
}

/** Options of an endpoint. */
export interface EndpointOptions {
  /** false: a faulty endpoint that sends its frames in clear (default true). */
  seal?: boolean;
  rtcConfig?: Partial<RTCPeerConnectionConfig>;
}

/** One endpoint of a forwarded call. */
export class SFrameEndpoint {
  readonly pc: RTCPeerConnection;
  readonly role: "caller" | "callee";
  readonly received: Received[] = [];
  readonly #ctx: SFrameContext;
  readonly #seal: boolean;
  readonly #tracks: Record<MediaKind, MediaStreamTrack>;
  readonly #seq: Record<MediaKind, number> = { audio: 0, video: 0 };
  /** Every RTP payload sent, in order. */
  readonly sent: Uint8Array[] = [];
  /** Key-frame requests (RTCP PLI) that reached this endpoint's video sender. */
  keyFrameRequests = 0;
  #remoteVideo: MediaStreamTrack | null = null;
  /** Payloads received that did not open, by drop reason (SPEC §13.6). */
  readonly drops: Record<string, number> = {};

  constructor(role: "caller" | "callee", keys: SFrameSenderKeys, opts: EndpointOptions = {}) {
    this.role = role;
    this.#ctx = profileContext(role, keys);
    this.#seal = opts.seal ?? true;
    this.pc = new RTCPeerConnection({ ...LOOPBACK_RTC, bundlePolicy: "max-bundle", ...opts.rtcConfig });
    this.#tracks = { audio: new MediaStreamTrack({ kind: "audio" }), video: new MediaStreamTrack({ kind: "video" }) };
    for (const k of ["audio", "video"] as const) {
      const t = this.pc.addTransceiver(this.#tracks[k], { direction: "sendrecv" });
      if (k !== "video") continue;
      const onRtcp = (p: RtcpPacket) => {
        if (isPliFor(p, t.sender.ssrc)) this.keyFrameRequests++;
      };
      for (const x of this.pc.getTransceivers()) {
        x.sender.onRtcp.subscribe(onRtcp);
        x.receiver.onRtcp.subscribe(onRtcp);
      }
    }
    this.pc.onTrack.subscribe((track) => {
      const kind = track.kind;
      if (kind !== "audio" && kind !== "video") return;
      if (kind === "video") this.#remoteVideo = track;
      track.onReceiveRtp.subscribe((rtp) => this.#receive(kind, rtp));
    });
  }

  #receive(kind: MediaKind, rtp: RtpPacket): void {
    const { sequenceNumber, timestamp, marker } = rtp.header;
    try {
      const plaintext = this.#ctx.open(new Uint8Array(rtp.payload)).plaintext;
      this.received.push({ kind, plaintext, sequenceNumber, timestamp, marker });
    } catch (e) {
      // SPEC §13.6: a frame that does not open is dropped and counted, and the call goes on
      const code = (e as { code?: string }).code ?? "OTHER";
      this.drops[code] = (this.drops[code] ?? 0) + 1;
    }
  }

  /** The complete offer (non-trickle). */
  async offer(): Promise<string> {
    await this.pc.setLocalDescription(await this.pc.createOffer());
    return await gathered(this.pc);
  }

  /** Applies the forwarder's answer. */
  async applyAnswer(sdp: string): Promise<void> {
    await this.pc.setRemoteDescription({ type: "answer", sdp });
  }

  /** Answers the forwarder's offer. */
  async answer(sdp: string): Promise<string> {
    await this.pc.setRemoteDescription({ type: "offer", sdp });
    await this.pc.setLocalDescription(await this.pc.createAnswer());
    return await gathered(this.pc);
  }

  /** Sends the next synthetic frame of `kind`, sealed unless the endpoint is faulty; returns the plaintext. */
  send(kind: MediaKind): Uint8Array {
    const n = this.#seq[kind]++;
    const plaintext = mediaFrame(this.role, kind, n);
    const payload = this.#seal ? this.#ctx.seal(SFRAME_KID[this.role], plaintext) : plaintext;
    this.sendPayload(kind, payload, n);
    return plaintext;
  }

  /** Sends `payload` as one RTP packet on the track of `kind` (packet number `n`; marker: `n` even by default). */
  sendPayload(kind: MediaKind, payload: Uint8Array, n: number, marker = n % 2 === 0): void {
    const header = new RtpHeader({
      payloadType: 96,
      sequenceNumber: n & 0xffff,
      timestamp: rtpTimestamp(kind, n),
      marker,
    });
    this.sent.push(payload);
    this.#tracks[kind].writeRtp(new RtpPacket(header, Buffer.from(payload)));
  }

  /** Asks the sender of the video this endpoint receives for a key frame (RTCP PLI). */
  async requestKeyFrame(): Promise<void> {
    const track = this.#remoteVideo;
    const t = this.pc.getTransceivers().find((x) => x.kind === "video");
    if (!track?.ssrc || !t) throw new Error(`${this.role} receives no video yet`);
    await t.receiver.sendRtcpPLI(track.ssrc);
  }

  /** Frames received of `kind`. */
  count(kind: MediaKind): number {
    return this.received.filter((r) => r.kind === kind).length;
  }

  /** Closes the peer connection (its sockets). */
  async close(): Promise<void> {
    for (const t of Object.values(this.#tracks)) t.stop();
    await this.pc.close();
  }
}

/** Resolves with the local SDP once ICE gathering is complete. */
export async function gathered(pc: RTCPeerConnection, timeoutMs = 10_000): Promise<string> {
  await until(() => pc.iceGatheringState === "complete", timeoutMs, "ICE gathering");
  return pc.localDescription!.sdp;
}

/** Polls `cond` every 10 ms; rejects after `timeoutMs` naming `what`. */
export async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
