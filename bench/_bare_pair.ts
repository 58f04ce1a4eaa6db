/**
 * The bare baseline of bench/call-setup: two @roamhq/wrtc PeerConnections in this process, connected offer → answer
 * with no service, no signaling and no handshake. Each side carries what a reference peer carries (one audio and one
 * video track fed with the synthetic media of SPEC §11 on the shared 10 ms clock). Two signaling modes:
 * - "complete": each side sends its SDP once its UDP candidates are gathered, with the same wait a reference peer
 *   uses (udpGathered, SPEC §4.3 TR2), so the difference to a ShieldCall call is the service, the signaling and
 *   the handshake: the fair baseline;
 * - "trickle": each side sends its SDP at once and every candidate as it is found (addIceCandidate), which no
 *   ShieldCall endpoint may do: the physical floor of a WebRTC set-up on this machine.
 */
import wrtc from "@roamhq/wrtc";
import { decodeFrame, encodeFrame, SpeechSource } from "../src/media/mod.ts";
import { REFERENCE_MEDIA } from "../src/peer/media_engine.ts";
import { sharedTicker } from "../src/peer/mod.ts";
import { udpGathered } from "../src/protocol/mod.ts";

type PC = InstanceType<typeof wrtc.RTCPeerConnection>;
const RTCPeerConnection = wrtc.RTCPeerConnection;
type Track = InstanceType<typeof wrtc.MediaStreamTrack>;

/** Milestones of one bare connection, in ms from the start (null: not reached). */
export interface BareTimes {
  connected: number | null;
  audio: number | null;
  video: number | null;
  /** CPU time of this whole process from the start to the last milestone, in ms. */
  cpuMs: number | null;
}

const W = REFERENCE_MEDIA.width; // what a reference peer sends (src/peer/media_engine.ts)
const H = REFERENCE_MEDIA.height;

/** One side: a PeerConnection with fed audio/video sources and counting sinks. */
class Side {
  readonly pc: PC = new RTCPeerConnection({ iceServers: [] });
  audioFrames = 0;
  videoDecoded = 0;
  #tracks: Track[] = [];
  #sinks: { stop(): void }[] = [];
  #off: () => void;

  constructor(onMedia: () => void) {
    const audio = new wrtc.nonstandard.RTCAudioSource();
    const video = new wrtc.nonstandard.RTCVideoSource();
    const at = audio.createTrack();
    const vt = video.createTrack();
    this.#tracks.push(at, vt);
    const stream = new wrtc.MediaStream([at, vt]);
    this.pc.addTrack(at, stream);
    this.pc.addTrack(vt, stream);
    const speech = new SpeechSource({ text: "123", sampleRate: REFERENCE_MEDIA.sampleRate });
    let counter = 0;
    this.#off = sharedTicker().subscribe((tick, now) => {
      audio.onData({ samples: speech.next(), sampleRate: speech.sampleRate });
      if (tick % 7 === 0) video.onFrame({ width: W, height: H, data: encodeFrame(counter++, now, W, H) }); // ~15 fps
    });
    this.pc.ontrack = (ev: { track: Track }) => {
      const t = ev.track;
      this.#tracks.push(t);
      if (t.kind === "audio") {
        const s = new wrtc.nonstandard.RTCAudioSink(t);
        this.#sinks.push(s);
        s.ondata = () => {
          if (this.audioFrames++ === 0) onMedia();
        };
      } else {
        const s = new wrtc.nonstandard.RTCVideoSink(t);
        this.#sinks.push(s);
        s.onframe = (e: { frame: { width: number; height: number; data: Uint8Array } }) => {
          if (decodeFrame(e.frame.data, e.frame.width, e.frame.height) && this.videoDecoded++ === 0) onMedia();
        };
      }
    };
  }

  /** Resolves once the UDP candidates are gathered (bounded), as a reference peer waits (SPEC §4.3 TR2). */
  async gathered(timeoutMs = 5000): Promise<void> {
    await udpGathered(this.pc, { timeoutMs });
  }

  /** docs/node-webrtc.md teardown: sinks, tracks, then the PeerConnection. */
  close(): void {
    this.#off();
    for (const s of this.#sinks) s.stop();
    for (const t of this.#tracks) t.stop();
    this.pc.ontrack = null;
    this.pc.onicecandidate = null;
    this.pc.close();
  }
}

/** How a bare pair signals: complete SDP after the UDP candidates (the fair baseline), or trickle ICE (the floor). */
export type BareMode = "complete" | "trickle";

/** Connects a bare pair and resolves with its milestones once media arrived both ways (or `timeoutMs` passed). */
export async function bareCall(mode: BareMode = "complete", timeoutMs = 10_000): Promise<BareTimes> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const times: BareTimes = { connected: null, audio: null, video: null, cpuMs: null };
  let wake: () => void = () => {};
  const check = () => {
    const now = performance.now() - t0;
    if (times.connected === null && a.pc.connectionState === "connected" && b.pc.connectionState === "connected") {
      times.connected = now;
    }
    if (times.audio === null && a.audioFrames > 0 && b.audioFrames > 0) times.audio = now;
    if (times.video === null && a.videoDecoded > 0 && b.videoDecoded > 0) times.video = now;
    if (times.connected !== null && times.audio !== null && times.video !== null && times.cpuMs === null) {
      const c = process.cpuUsage(cpu0);
      times.cpuMs = (c.user + c.system) / 1000;
      wake();
    }
  };
  const a = new Side(check);
  const b = new Side(check);
  a.pc.onconnectionstatechange = check;
  b.pc.onconnectionstatechange = check;
  try {
    if (mode === "trickle") await trickle(a.pc, b.pc);
    else {
      const offer = await a.pc.createOffer();
      await a.pc.setLocalDescription(offer);
      await a.gathered();
      await b.pc.setRemoteDescription(a.pc.localDescription!);
      const answer = await b.pc.createAnswer();
      await b.pc.setLocalDescription(answer);
      await b.gathered();
      await a.pc.setRemoteDescription(b.pc.localDescription!);
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, timeoutMs);
      wake = () => {
        clearTimeout(t);
        resolve();
      };
      check();
    });
    return times;
  } finally {
    a.pc.onconnectionstatechange = null;
    b.pc.onconnectionstatechange = null;
    a.close();
    b.close();
  }
}

/** Trickle ICE: the SDP goes at once, each candidate follows as found (queued until the remote description is set). */
async function trickle(a: PC, b: PC): Promise<void> {
  const wire = (from: PC, to: PC) => {
    const queued: unknown[] = [];
    let ready = false;
    const add = (c: unknown) => void to.addIceCandidate(c as never).catch(() => {});
    from.onicecandidate = (e: { candidate: unknown }) => {
      if (!e.candidate) return;
      if (ready) add(e.candidate);
      else queued.push(e.candidate);
    };
    return () => {
      ready = true;
      for (const c of queued.splice(0)) add(c);
    };
  };
  const toB = wire(a, b);
  const toA = wire(b, a);
  await a.setLocalDescription(await a.createOffer());
  await b.setRemoteDescription(a.localDescription!);
  toB();
  await b.setLocalDescription(await b.createAnswer());
  await a.setRemoteDescription(b.localDescription!);
  toA();
}
