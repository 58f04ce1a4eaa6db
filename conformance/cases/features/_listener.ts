/**
 * A signaling-only counterpart for the live-captions case (SPEC §2.4 F2, §6 `caption`): it answers a standard call
 * as a user, gives the media processor an SDP offer for its leg (so the service bridges the call and the
 * implementation's audio is captioned), never sends media itself, and records every `caption` the service sends it.
 * The driver protocol (SPEC §7) has no caption field, so this is where the suite sees captions arrive.
 */
import { bytesToHex } from "@noble/hashes/utils.js";
import type { ServerMessage } from "../../../src/protocol/mod.ts";
import { SignalingClient } from "../../../src/peer/signaling_client.ts";
import { CaseFailure } from "../../case.ts";

/** One `caption` message as received. */
export interface ReceivedCaption {
  callId: string;
  speaker: string;
  text: string;
  final: boolean;
  at: number;
}

/** A complete, candidate-less offer (audio + video, BUNDLE, rtcp-mux) that a WebRTC answerer can apply. */
function offerSdp(): string {
  const rnd = (n: number) => crypto.getRandomValues(new Uint8Array(n));
  const fp = Array.from(rnd(32), (b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
  const ufrag = bytesToHex(rnd(4));
  const pwd = bytesToHex(rnd(12));
  const session = `${Date.now()}`;
  const section = (mid: string, media: string, pt: number, rtpmap: string) => [
    `m=${media} 9 UDP/TLS/RTP/SAVPF ${pt}`,
    "c=IN IP4 0.0.0.0",
    "a=rtcp:9 IN IP4 0.0.0.0",
    `a=ice-ufrag:${ufrag}`,
    `a=ice-pwd:${pwd}`,
    `a=fingerprint:sha-256 ${fp}`,
    "a=setup:actpass",
    `a=mid:${mid}`,
    "a=sendrecv",
    "a=rtcp-mux",
    `a=rtpmap:${pt} ${rtpmap}`,
    `a=ssrc:${1000 + pt} cname:listener`,
  ];
  return [
    "v=0",
    `o=- ${session} 2 IN IP4 127.0.0.1`,
    "s=-",
    "t=0 0",
    "a=group:BUNDLE 0 1",
    "a=msid-semantic: WMS",
    ...section("0", "audio", 111, "opus/48000/2"),
    ...section("1", "video", 96, "VP8/90000"),
    "",
  ].join("\r\n");
}

/** A user's endpoint that answers calls at the signaling level and collects captions. */
export class CaptionListener {
  readonly captions: ReceivedCaption[] = [];
  readonly messages: string[] = [];
  readonly #client: SignalingClient;
  #incoming: { callId: string; from: string }[] = [];
  #waiters: (() => void)[] = [];

  private constructor(url: string) {
    this.#client = new SignalingClient({ url, requestTimeoutMs: 10_000 });
    this.#client.onMessage((m) => this.#on(m));
  }

  /** Connects as the user with `token` (declaring no E2EE support, so its calls are standard). */
  static async connect(url: string, token: string): Promise<CaptionListener> {
    const l = new CaptionListener(url);
    await l.#client.connect({ token, device: "caption-listener", e2ee: false });
    return l;
  }

  #on(m: ServerMessage): void {
    this.messages.push(m.type);
    if (m.type === "incoming") this.#incoming.push({ callId: m.callId, from: m.from });
    if (m.type === "caption") {
      this.captions.push({ callId: m.callId, speaker: m.speaker, text: m.text, final: m.final, at: m.at });
    }
    for (const w of this.#waiters.splice(0)) w();
  }

  /** Waits until `pred` holds over what was received. */
  async until<T>(pred: () => T | undefined | null | false, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = pred();
      if (v) return v;
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new CaseFailure(`The listener never saw ${what}`, what, {
          messages: this.messages.slice(-40),
          captions: this.captions.slice(-20),
        });
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /**
   * Answers the call `callId` once it rings here, offers an SDP for its processor leg and waits for the
   * processor's answer: both legs have then negotiated, as with two real endpoints (SPEC §4.4 MP1).
   */
  async answer(callId: string, timeoutMs = 10_000): Promise<void> {
    await this.until(() => this.#incoming.some((c) => c.callId === callId), timeoutMs, `the incoming call "${callId}"`);
    this.#client.send({ type: "ringing", callId });
    this.#client.send({ type: "accept", callId });
    await this.until(() => this.messages.includes("accepted"), timeoutMs, `"accepted" for "${callId}"`);
    this.#client.send({ type: "sdp", callId, description: { type: "offer", sdp: offerSdp() } });
    await this.until(() => this.messages.includes("sdp"), timeoutMs, `the processor's SDP answer for "${callId}"`);
  }

  /** Closes the connection. */
  close(): Promise<void> {
    return this.#client.close();
  }
}
