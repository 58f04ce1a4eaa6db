/**
 * Real WebRTC round trip of the synthetic media (SPEC §11): two @roamhq/wrtc peer connections on loopback,
 * DTMF speech through Opus and frame-coded video through VP8, decoded on the far side.
 *
 * A process that used wrtc media tracks segfaults on its natural exit (docs/node-webrtc.md), and `deno test` runs
 * every file in one process, so the call runs in a child process of the same runtime (this file, started with
 * SHIELDCALL_MEDIA_WEBRTC_CHILD=1), which tears down, reports its result and exits explicitly (src/_testing/child.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import process from "node:process";
import { AUDIO_FRAME_MS, ContinuityTracker, decodeFrame, encodeFrame, SpeechDecoder, SpeechSource } from "./mod.ts";
import type { ContinuityStats } from "./mod.ts";
import { childResult, runAsChild } from "../_testing/child.ts";

const CHILD_ENV = "SHIELDCALL_MEDIA_WEBRTC_CHILD";
const TEXT = "8311#5D"; // includes two equal consecutive digits
const VIDEO_FPS = 15;

/** What the child reports. */
interface LoopbackResult {
  heard: string;
  sinkRates: number[];
  sinkFrames: number;
  carrierSeen: number;
  videoFrames: number;
  undecodable: number;
  counters: number[];
  stats: ContinuityStats;
  sent: { audio: number; video: number };
  closed: boolean;
}

/** Polls `cond` every 50 ms until it holds or `ms` pass; resolves with its last value. */
async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return cond();
}

/** Sets up the call, streams synthetic media until it decoded (or 12 s pass), tears everything down. */
async function runLoopback(): Promise<LoopbackResult> {
  const { default: wrtc } = await import("@roamhq/wrtc");
  const { RTCPeerConnection } = wrtc;
  const { RTCAudioSource, RTCAudioSink, RTCVideoSource, RTCVideoSink } = wrtc.nonstandard;
  type PC = InstanceType<typeof RTCPeerConnection>;

  /** Resolves once the connection has gathered all its ICE candidates (non-trickle signaling). */
  const gathered = (pc: PC, ms: number) =>
    new Promise<void>((resolve, reject) => {
      if (pc.iceGatheringState === "complete") return resolve();
      const timer = setTimeout(() => reject(new Error("ICE gathering timed out")), ms);
      pc.addEventListener("icegatheringstatechange", () => {
        if (pc.iceGatheringState !== "complete") return;
        clearTimeout(timer);
        resolve();
      });
    });

  const pcA = new RTCPeerConnection();
  const pcB = new RTCPeerConnection();
  const audioSource = new RTCAudioSource();
  const videoSource = new RTCVideoSource();
  const audioTrack = audioSource.createTrack();
  const videoTrack = videoSource.createTrack();
  const sinks: Array<{ stop(): void }> = [];
  const remoteTracks: Array<{ stop(): void }> = [];
  const timers: Array<ReturnType<typeof setInterval>> = [];
  const decoder = new SpeechDecoder(16000);
  const speech = new SpeechSource({ text: TEXT, sampleRate: 48000 });
  const video = new ContinuityTracker({ expectedIntervalMs: 1000 / VIDEO_FPS });
  const r: LoopbackResult = {
    heard: "",
    sinkRates: [],
    sinkFrames: 0,
    carrierSeen: 0,
    videoFrames: 0,
    undecodable: 0,
    counters: [],
    stats: video.stats(),
    sent: { audio: 0, video: 0 },
    closed: false,
  };
  try {
    pcA.addTrack(audioTrack);
    pcA.addTrack(videoTrack);
    pcB.ontrack = (ev: { track: { kind: string; stop(): void } }) => {
      remoteTracks.push(ev.track);
      if (ev.track.kind === "audio") {
        const sink = new RTCAudioSink(ev.track as never);
        sinks.push(sink);
        sink.ondata = (d: { samples: Int16Array; sampleRate: number }) => {
          if (!r.sinkRates.includes(d.sampleRate)) r.sinkRates.push(d.sampleRate);
          r.sinkFrames++;
          decoder.push(d.samples, d.sampleRate); // the sink switches from 16 kHz to 48 kHz once packets arrive
          if (r.sinkFrames % 10 === 0 && decoder.carrierPresent()) r.carrierSeen++;
        };
      } else {
        const sink = new RTCVideoSink(ev.track as never);
        sinks.push(sink);
        sink.onframe = (ev2: { frame: { width: number; height: number; data: Uint8Array } }) => {
          const f = ev2.frame;
          r.videoFrames++;
          const code = decodeFrame(f.data, f.width, f.height);
          if (code === null) r.undecodable++;
          else {
            r.counters.push(code.counter);
            video.observe(code.counter, code.sentAtMs, Date.now());
          }
        };
      }
    };

    // Non-trickle offer/answer: each side sends its full SDP once gathering completes.
    await pcA.setLocalDescription(await pcA.createOffer());
    await gathered(pcA, 5000);
    await pcB.setRemoteDescription(pcA.localDescription!);
    await pcB.setLocalDescription(await pcB.createAnswer());
    await gathered(pcB, 5000);
    await pcA.setRemoteDescription(pcB.localDescription!);

    // Audio at real-time rate: each tick sends every 10 ms frame due since the start (timers drift).
    const t0 = Date.now();
    timers.push(setInterval(() => {
      const due = Math.floor((Date.now() - t0) / AUDIO_FRAME_MS) + 1;
      for (let k = 0; k < 5 && speech.framesProduced < due; k++) {
        const samples = speech.next();
        audioSource.onData({
          samples,
          sampleRate: 48000,
          bitsPerSample: 16,
          channelCount: 1,
          numberOfFrames: samples.length,
        });
      }
    }, AUDIO_FRAME_MS));
    timers.push(setInterval(() => {
      videoSource.onFrame({ width: 320, height: 240, data: encodeFrame(r.sent.video++, Date.now()) });
    }, Math.round(1000 / VIDEO_FPS)));

    await waitFor(() => decoder.heard.includes(TEXT) && r.counters.length >= 20, 12000);
  } finally {
    for (const t of timers) clearInterval(t);
    for (const s of sinks) s.stop();
    audioTrack.stop();
    videoTrack.stop();
    for (const t of remoteTracks) t.stop();
    pcA.close();
    pcB.close();
    r.closed = pcA.connectionState === "closed" && pcB.connectionState === "closed";
  }
  r.heard = decoder.heard;
  r.stats = video.stats();
  r.sent.audio = speech.framesProduced;
  return r;
}

if (process.env[CHILD_ENV] === "1") {
  // Child: run the call, report, and exit explicitly (a natural exit after wrtc media segfaults).
  runAsChild(runLoopback);
} else {
  test(
    "SpeechSource and encodeFrame() survive a real Opus/VP8 call and decode on the far side",
    { timeout: 30000 },
    async () => {
      const r = await childResult<LoopbackResult>(new URL(import.meta.url), {
        timeoutMs: 27000,
        env: { [CHILD_ENV]: "1" },
      });
      const summary = JSON.stringify({ ...r, counters: r.counters.length });
      assert.ok(r.closed, `peer connections not closed: ${summary}`);
      assert.ok(r.heard.includes(TEXT), `decoded "${r.heard}", expected to contain "${TEXT}": ${summary}`);
      assert.ok(r.carrierSeen > 0, `carrier never detected: ${summary}`);
      assert.ok(r.sinkRates.every((sr) => sr === 16000 || sr === 48000), `sink rates ${r.sinkRates}`);
      assert.ok(r.counters.length >= 20, `only ${r.counters.length} frames decoded: ${summary}`);
      for (let i = 1; i < r.counters.length; i++) {
        assert.ok(r.counters[i]! > r.counters[i - 1]!, `counters not increasing at ${i}: ${r.counters}`);
      }
      assert.ok(r.counters.at(-1)! < r.sent.video, "decoded a counter that was never sent");
      assert.equal(r.stats.received, r.counters.length);
      assert.notEqual(r.stats.latencyMs.p50, null);
      assert.notEqual(r.stats.latencyMs.max, null);
      assert.ok(r.stats.latencyMs.p50! >= 0, `negative latency on a shared clock: ${summary}`);
      assert.equal(r.stats.outOfOrder, 0);
    },
  );
}
