/**
 * The Chromium page of src/web/sframe_browser_test.ts: the web SFrame's and the web handshake's vector checks (SPEC
 * §13, §5, §13.10), and a call between two
 * RTCPeerConnections in one page whose encoded frames go through the SFrame transform (src/web/sframe_transform.ts)
 * in a worker: a synthetic video (canvas) and audio (oscillator) track are sealed on send and opened on receive.
 */
import { checkWebSFrame, type SFrameVectorFile } from "./sframe_check.ts";
import { checkWebHandshake, type HandshakeVectorFile } from "./handshake_check.ts";
import type { SFrameTransformOptions, TransformCounters } from "../sframe_transform.ts";

/** What one call measured at the receiver. */
export interface CallResult {
  videoFramesDecoded: number;
  videoFramesReceived: number;
  audioEnergy: number;
  audioSamples: number;
  counters: TransformCounters[];
}

const KEY = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const OTHER_KEY = "ff" + KEY.slice(2);

async function counters(worker: Worker): Promise<TransformCounters[]> {
  return await new Promise((resolve) => {
    worker.onmessage = (e) => resolve(e.data as TransformCounters[]);
    worker.postMessage("counters");
  });
}

/** One call of `ms` milliseconds; the receiver holds the sender's key, or another one when `wrongKey`. */
async function call(opts: { ms: number; wrongKey: boolean; workerUrl: string }): Promise<CallResult> {
  const worker = new Worker(opts.workerUrl);
  const transform = (o: Omit<SFrameTransformOptions, "suite" | "kid">) =>
    new RTCRtpScriptTransform(worker, { suite: 4, kid: "0", ...o });
  const pc1 = new RTCPeerConnection(), pc2 = new RTCPeerConnection();
  pc1.onicecandidate = (e) => void (e.candidate && pc2.addIceCandidate(e.candidate));
  pc2.onicecandidate = (e) => void (e.candidate && pc1.addIceCandidate(e.candidate));

  const canvas = document.createElement("canvas");
  canvas.width = 320;
  canvas.height = 240;
  const g = canvas.getContext("2d")!;
  let n = 0;
  const draw = setInterval(() => {
    g.fillStyle = `hsl(${(n++ * 7) % 360} 80% 50%)`;
    g.fillRect(0, 0, 320, 240);
    g.fillStyle = "#000";
    g.fillText(`frame ${n}`, 20, 120);
  }, 33);
  const ac = new AudioContext();
  const osc = ac.createOscillator(), dst = ac.createMediaStreamDestination();
  osc.connect(dst);
  osc.start();
  const stream = new MediaStream([canvas.captureStream(30).getVideoTracks()[0]!, dst.stream.getAudioTracks()[0]!]);

  const sinks: HTMLMediaElement[] = [];
  pc2.ontrack = (e) => {
    const kind = e.track.kind as "audio" | "video";
    const baseKey = opts.wrongKey ? OTHER_KEY : KEY;
    e.receiver.transform = transform({ id: `receive-${kind}`, side: "receive", kind, baseKey });
    const el = document.createElement(kind);
    el.muted = true;
    el.srcObject = new MediaStream([e.track]);
    void el.play().catch(() => {});
    sinks.push(el);
  };
  for (const track of stream.getTracks()) {
    const kind = track.kind as "audio" | "video";
    const sender = pc1.addTrack(track, stream);
    sender.transform = transform({ id: `send-${kind}`, side: "send", kind, baseKey: KEY });
    if (kind === "video") {
      const t = pc1.getTransceivers().find((x) => x.sender === sender)!;
      const vp8 = RTCRtpReceiver.getCapabilities("video")!.codecs.filter((c) => /vp8/i.test(c.mimeType));
      t.setCodecPreferences(vp8); // SPEC §13.7: the clear prefix is defined for VP8
    }
  }
  await pc1.setLocalDescription();
  await pc2.setRemoteDescription(pc1.localDescription!);
  await pc2.setLocalDescription();
  await pc1.setRemoteDescription(pc2.localDescription!);
  await new Promise((r) => setTimeout(r, opts.ms));

  const out: CallResult = {
    videoFramesDecoded: 0,
    videoFramesReceived: 0,
    audioEnergy: 0,
    audioSamples: 0,
    counters: [],
  };
  (await pc2.getStats()).forEach((s) => {
    if (s.type !== "inbound-rtp") return;
    if (s.kind === "video") {
      out.videoFramesDecoded = s.framesDecoded ?? 0;
      out.videoFramesReceived = s.framesReceived ?? 0;
    } else {
      out.audioEnergy = s.totalAudioEnergy ?? 0;
      out.audioSamples = (s.totalSamplesReceived ?? 0) - (s.concealedSamples ?? 0);
    }
  });
  out.counters = await counters(worker);
  clearInterval(draw);
  for (const el of sinks) el.srcObject = null;
  stream.getTracks().forEach((t) => t.stop());
  pc1.close();
  pc2.close();
  await ac.close();
  worker.terminate();
  return out;
}

(globalThis as unknown as { sframeTest: unknown }).sframeTest = {
  checkVectors: (f: SFrameVectorFile) => checkWebSFrame(f),
  checkHandshake: (f: HandshakeVectorFile) => checkWebHandshake(f),
  hasScriptTransform: () => typeof RTCRtpScriptTransform === "function",
  call,
};
