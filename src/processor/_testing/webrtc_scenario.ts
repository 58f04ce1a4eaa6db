/**
 * Child-process scenario behind processor_webrtc_test.ts: two real endpoint RTCPeerConnections, each with its
 * own leg to a real MediaProcessor, bridged; reports what every side observed (src/_testing/child.ts), then exits
 * explicitly — node-webrtc crashes on natural exit once audio sources existed (docs/node-webrtc.md), which would
 * take a test runner down with it.
 *
 * Usage: <node --import tsx | deno run -A> webrtc_scenario.ts <answer|offer> <outDir> [local|workers|workers-split]
 *   answer: both endpoints offer, both legs answer (standard call, SPEC §4.4)
 *   offer:  endpoint 1 offers to leg A; leg B offers to endpoint 2 (the mitm topology, SPEC §8)
 *   local (default): a MediaProcessor in this process; workers: a ProcessorPool of 2 workers with both legs in one
 *   worker; workers-split: the same pool with the legs in different workers (media crosses through this process)
 */
import process from "node:process";
import { runAsChild } from "../../_testing/child.ts";
import { MediaProcessor, ProcessorPool } from "../mod.ts";
import type { Caption, Processor, ProcessorEvent, ProcessorLeg } from "../mod.ts";
import { Endpoint } from "./endpoint.ts";

/** Digits endpoint 1 speaks (two equal digits in a row on purpose). */
const TEXT1 = "8311#5D";
/** Digits endpoint 2 speaks. */
const TEXT2 = "42*A09";

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return cond();
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

/** Runs `fn` and names what it threw: an error code, an error class name, or "ok". */
async function outcome(fn: () => unknown): Promise<string> {
  try {
    await fn();
    return "ok";
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return typeof code === "string" ? code : (e as Error).name;
  }
}

async function main(): Promise<unknown> {
  const [mode, outDir, where = "local"] = process.argv.slice(2);
  if ((mode !== "answer" && mode !== "offer") || !outDir || !["local", "workers", "workers-split"].includes(where)) {
    throw new Error("usage: webrtc_scenario.ts <answer|offer> <outDir> [local|workers|workers-split]");
  }
  const events: ProcessorEvent[] = [];
  const log = (e: ProcessorEvent) => events.push(e);
  const processor: Processor = where === "local"
    ? new MediaProcessor({ outDir, log })
    : new ProcessorPool({ workers: 2, outDir, log });
  // Both legs in one worker (one affinity key), or each in its own (the pool spreads new keys over its workers).
  const affinity = (leg: string) => (where === "workers" ? "call" : leg);
  const other = new MediaProcessor({ outDir });
  const fresh = processor.stats();
  const ep1 = new Endpoint(TEXT1);
  const ep2 = new Endpoint(TEXT2);
  const captions: Caption[] = [];
  const errors: Record<string, string> = {};
  try {
    const legA: ProcessorLeg = processor.createLeg("leg-a", { label: "caller", affinity: affinity("leg-a") });
    const legB: ProcessorLeg = processor.createLeg("leg-b", { label: "callee", affinity: affinity("leg-b") });
    // Which worker holds each leg (null in one process).
    const placement = processor instanceof ProcessorPool
      ? [processor.workerOf("leg-a"), processor.workerOf("leg-b")]
      : null;
    const fingerprintBeforeSdp = legA.localFingerprint();
    await ep1.accept(await legA.answer(await ep1.offer()));
    if (mode === "answer") {
      await ep2.accept(await legB.answer(await ep2.offer()));
    } else {
      await legB.applyAnswer(await ep2.answer(await legB.offer()));
    }
    // Misuse is refused with stable codes and changes nothing.
    errors.duplicateLeg = await outcome(() => processor.createLeg("leg-a"));
    errors.selfBridge = await outcome(() => processor.bridge(legA, legA));
    errors.answerWhenStable = await outcome(() => legA.applyAnswer("v=0"));
    const legX = processor.createLeg("leg-x");
    errors.garbageOffer = await outcome(() => legX.answer("not sdp"));
    await legX.close();
    errors.closedLeg = await outcome(() => processor.bridge(legX, legA));
    errors.foreignLeg = await outcome(() => processor.bridge(other.createLeg("foreign"), legA));
    errors.stopRecordingUnstarted = "";

    const bridge = processor.bridge(legA, legB, { callId: `call:${mode}` });
    errors.alreadyBridged = await outcome(() => processor.bridge(legB, legA));
    errors.stopRecordingUnstarted = await outcome(() => bridge.stopRecording());
    bridge.startRecording();
    errors.recordTwice = await outcome(() => bridge.startRecording());
    bridge.startCaptions((c) => captions.push(c));
    errors.captionsTwice = await outcome(() => bridge.startCaptions(() => {}));
    bridge.startTranscription();
    ep1.start();
    ep2.start();
    const finals = (legId: string, text: string) =>
      captions.filter((c) => c.legId === legId && c.final && c.text === text).length;
    const done = await waitFor(() =>
      count(ep1.decoder.heard, TEXT2) >= 2 && count(ep2.decoder.heard, TEXT1) >= 2 &&
      ep1.counters.length >= 15 && ep2.counters.length >= 15 &&
      finals("leg-a", TEXT1) >= 1 && finals("leg-b", TEXT2) >= 1, 20000);
    const recording = await bridge.stopRecording();
    const recordingAgain = await bridge.stopRecording();
    bridge.stopCaptions();
    const captionsAfterStop = captions.length;
    const transcript = await bridge.stopTranscription();
    await processor.sync();
    const result = {
      mode,
      placement,
      done,
      fresh,
      fingerprintBeforeSdp,
      ep1: ep1.observed(),
      ep2: ep2.observed(),
      legA: { stats: legA.stats(), fingerprint: legA.localFingerprint() },
      legB: { stats: legB.stats(), fingerprint: legB.localFingerprint() },
      processor: processor.stats(),
      recording,
      recordingAgainPath: recordingAgain.manifestPath,
      captions,
      transcript,
    };

    // unbridge() stops forwarding: the endpoints stop hearing each other while the legs stay connected.
    bridge.unbridge();
    // Let audio already in flight drain: wait until neither endpoint decoded a digit for 600 ms (speech has a digit
    // every 140 ms and pauses of 300 ms), at most 4 s — a loaded machine holds more audio in its jitter buffers.
    const heardNow = () => ep1.decoder.heard.length + ep2.decoder.heard.length;
    for (
      let last = heardNow(), since = Date.now(), start = Date.now();
      Date.now() - start < 4000 && Date.now() - since < 600;
    ) {
      await new Promise((r) => setTimeout(r, 50));
      if (heardNow() !== last) [last, since] = [heardNow(), Date.now()];
    }
    const heardAtUnbridge = [ep1.decoder.heard.length, ep2.decoder.heard.length];
    await new Promise((r) => setTimeout(r, 1500));
    const heardAfterPause = [ep1.decoder.heard.length, ep2.decoder.heard.length];
    await processor.sync();
    const unbridged = {
      forwarding: bridge.forwarding,
      bridges: processor.stats().bridges,
      heardAtUnbridge,
      heardAfterPause,
      legStateA: legA.stats().state,
    };
    // The same legs can be bridged again (what transfer and merge build on).
    const again = processor.bridge(legA, legB, { callId: "call:rebridged" });
    const before = [count(ep1.decoder.heard, TEXT2), count(ep2.decoder.heard, TEXT1)];
    const rebridgedOk = await waitFor(
      () => count(ep1.decoder.heard, TEXT2) > before[0]! && count(ep2.decoder.heard, TEXT1) > before[1]!,
      10000,
    );
    const rebridged = { ok: rebridgedOk, callId: again.callId, bridges: processor.stats().bridges };

    await processor.close();
    const closed = { ...processor.stats(), legA: legA.stats().state, openLegs: processor.legs().length };
    errors.createAfterClose = await outcome(() => processor.createLeg("late"));
    errors.captionsOnClosed = await outcome(() => again.startCaptions(() => {}));
    errors.stopRecordingAfterClose = await outcome(() => again.stopRecording());
    const recordingAfterClosePath = (await bridge.stopRecording()).manifestPath;
    const out = {
      ...result,
      captionsAfterStop,
      captionsAtEnd: captions.length,
      recordingAfterClosePath,
      unbridged,
      rebridged,
      closed,
      errors,
      events: events.map((e) => e.type),
    };
    return out;
  } finally {
    await processor.close();
    await other.close();
    ep1.close();
    ep2.close();
  }
}

runAsChild(main);
