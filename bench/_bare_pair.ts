/**
 * The bare baseline of bench/call-setup: two @roamhq/wrtc PeerConnections in this process, connected offer → answer
 * with no service, no signaling and no handshake. Each side carries what a reference peer carries (one audio and one
 * video track fed with the synthetic media of SPEC §11 on the shared 10 ms clock) and sends complete SDP (ICE
 * gathering finished, no trickle), as ShieldCall endpoints do (SPEC §6), so the difference to a ShieldCall call is
 * the service, the signaling and the handshake.
 */
import wrtc from "@roamhq/wrtc";
import { decodeFrame, encodeFrame, SpeechSource } from "../src/media/mod.ts";
import { sharedTicker } from "../src/peer/mod.ts";

type PC = InstanceType<typeof wrtc.RTCPeerConnection>;
/** Captured at load, so a what-if wrapper installed later (bench/_what_if_udp.ts) never applies to the baseline. */
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

const W = 320;
const H = 240;

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
    const speech = new SpeechSource({ text: "123", sampleRate: 48000 });
    let counter = 0;
    this.#off = sharedTicker().subscribe((tick, now) => {
      audio.onData({ samples: speech.next(), sampleRate: 48000 });
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

  /** Resolves once ICE gathering is complete (bounded). */
  gathered(timeoutMs = 5000): Promise<void> {
    const pc = this.pc;
    if (pc.iceGatheringState === "complete") return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(t);
        pc.removeEventListener("icegatheringstatechange", on);
        resolve();
      }
      function on() {
        if (pc.iceGatheringState === "complete") done();
      }
      pc.addEventListener("icegatheringstatechange", on);
    });
  }

  /** NODE-WEBRTC.md teardown: sinks, tracks, then the PeerConnection. */
  close(): void {
    this.#off();
    for (const s of this.#sinks) s.stop();
    for (const t of this.#tracks) t.stop();
    this.pc.ontrack = null;
    this.pc.close();
  }
}

/** Connects a bare pair and resolves with its milestones once media arrived both ways (or `timeoutMs` passed). */
export async function bareCall(timeoutMs = 10_000): Promise<BareTimes> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const times: BareTimes = { connected: null, audio: null, video: null, cpuMs: null };
  let wake: () => void = () => {};
  const check = () => {
    const now = performance.now() - t0;
    if (times.connected === null && a.pc.connectionState === "connected" && b.pc.connectionState === "connected") times.connected = now;
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
    const offer = await a.pc.createOffer();
    await a.pc.setLocalDescription(offer);
    await a.gathered();
    await b.pc.setRemoteDescription(a.pc.localDescription!);
    const answer = await b.pc.createAnswer();
    await b.pc.setLocalDescription(answer);
    await b.gathered();
    await a.pc.setRemoteDescription(b.pc.localDescription!);
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
