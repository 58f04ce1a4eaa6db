/**
 * Child process for webrtc_test.ts: two node-webrtc endpoints (a = caller, b = callee) with a data channel
 * and a tone each way. node-webrtc crashes its process on natural exit once audio was used, so the peers
 * live here and the relay under test stays in the test process.
 *
 * Protocol (src/_testing/child.ts):
 *   child → parent  MSG {"type":"sdp","side":"a"|"b","sdp":…}   the side's complete local SDP (non-trickle);
 *                   the parent answers {"sdp":…}, that SDP as the service forwards it
 *   child → parent  RESULT {…}                                 what happened; then the child exits
 * argv[2]: {"expect":"connect"|"blocked"|"negotiate","waitMs":number}
 *   connect: wait for the call, send a message, wait for audio; blocked: wait waitMs for a connection that
 *   must not come; negotiate: report right after offer/answer (for the SDP tests)
 */
import process from "node:process";
import wrtc from "@roamhq/wrtc";
import { askParent, exitChild, reportResult } from "../../_testing/child.ts";

const opts = JSON.parse(process.argv[2] ?? "{}") as { expect: "connect" | "blocked" | "negotiate"; waitMs: number };

/** Asks the parent (the "call service") to forward `sdp` from `side`; resolves with the forwarded SDP. */
async function forward(side: "a" | "b", sdp: string): Promise<string> {
  return (await askParent<{ sdp: string }>({ type: "sdp", side, sdp })).sdp;
}

/** Resolves when gathering is complete. */
function gathered(pc: RTCPeerConnection): Promise<void> {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    pc.addEventListener("icegatheringstatechange", () => pc.iceGatheringState === "complete" && resolve());
  });
}

/** Polls `fn` until true or `ms` passed; resolves with the last value. */
async function until(fn: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!fn() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return fn();
}

/** One endpoint: sends a tone, counts received 10 ms frames with energy, records data-channel messages. */
class Endpoint {
  readonly pc = new wrtc.RTCPeerConnection({ iceServers: [] });
  readonly source = new wrtc.nonstandard.RTCAudioSource();
  readonly track = this.source.createTrack();
  readonly sinks: { stop(): void }[] = [];
  readonly messages: string[] = [];
  energetic = 0;
  frames = 0;
  everConnected = false;
  #timer: ReturnType<typeof setInterval>;
  #phase = 0;

  constructor(freq: number) {
    this.pc.addTrack(this.track);
    this.pc.addEventListener("connectionstatechange", () => {
      if (this.pc.connectionState === "connected") this.everConnected = true;
    });
    this.pc.addEventListener("track", (e: RTCTrackEvent) => {
      const sink = new wrtc.nonstandard.RTCAudioSink(e.track);
      sink.ondata = (d: { samples: Int16Array }) => {
        this.frames++;
        let energy = 0;
        for (const s of d.samples) energy += s * s;
        if (energy / d.samples.length > 1000) this.energetic++;
      };
      this.sinks.push(sink);
    });
    this.pc.addEventListener("datachannel", (e: RTCDataChannelEvent) => {
      e.channel.onmessage = (m: MessageEvent) => this.messages.push(String(m.data));
    });
    // 48 kHz, 10 ms frames of a tone at amplitude 8000.
    this.#timer = setInterval(() => {
      const samples = new Int16Array(480);
      for (let i = 0; i < samples.length; i++) {
        samples[i] = Math.round(8000 * Math.sin((this.#phase++ * 2 * Math.PI * freq) / 48000));
      }
      this.source.onData({ samples, sampleRate: 48000, bitsPerSample: 16, channelCount: 1, numberOfFrames: 480 });
    }, 10);
  }

  /** Stops tone, sinks and track, and closes the PeerConnection. */
  close(): void {
    clearInterval(this.#timer);
    for (const s of this.sinks) s.stop();
    this.track.stop();
    this.pc.close();
  }
}

const a = new Endpoint(440);
const b = new Endpoint(660);
let exitCode = 0;
try {
  const channel = a.pc.createDataChannel("chat");
  await a.pc.setLocalDescription(await a.pc.createOffer());
  await gathered(a.pc);
  const sdpA = a.pc.localDescription!.sdp;
  await b.pc.setRemoteDescription({ type: "offer", sdp: await forward("a", sdpA) });
  await b.pc.setLocalDescription(await b.pc.createAnswer());
  await gathered(b.pc);
  const sdpB = b.pc.localDescription!.sdp;
  await a.pc.setRemoteDescription({ type: "answer", sdp: await forward("b", sdpB) });

  const connected = () => a.pc.connectionState === "connected" && b.pc.connectionState === "connected";
  const deadline = Date.now() + opts.waitMs; // one budget for every wait below
  const left = () => Math.max(0, deadline - Date.now());
  if (opts.expect === "connect") {
    if (await until(connected, left())) {
      if (await until(() => channel.readyState === "open", left())) channel.send("hello through the relay");
      await until(() => b.messages.length > 0, left());
      await until(() => a.energetic >= 20 && b.energetic >= 20, left());
    }
  } else if (opts.expect === "blocked") {
    await until(connected, left()); // bounded: a blocked call must not connect in this time
  }
  reportResult({
    sdpA,
    sdpB,
    everConnected: { a: a.everConnected, b: b.everConnected },
    state: { a: a.pc.connectionState, b: b.pc.connectionState },
    messages: b.messages,
    energetic: { a: a.energetic, b: b.energetic },
    frames: { a: a.frames, b: b.frames },
  });
} catch (e) {
  process.stderr.write(`peer pair failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  exitCode = 1;
} finally {
  a.close();
  b.close();
  // node-webrtc: stop sinks and tracks, close every PeerConnection, then exit explicitly (docs/node-webrtc.md).
  setTimeout(() => exitChild(exitCode), 100);
}
