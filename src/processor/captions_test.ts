import { test } from "node:test";
import assert from "node:assert/strict";
import { SpeechDecoder, SpeechSource } from "../media/mod.ts";
import { UTTERANCE_DEFAULTS, type UtteranceEvent, UtteranceTracker } from "./captions.ts";

const RATE = 16000;
const FRAME = 160; // 10 ms

/** Feeds (digits, frames of silence after them) steps; returns every event. */
function run(t: UtteranceTracker, steps: Array<[string, number]>): UtteranceEvent[] {
  const out: UtteranceEvent[] = [];
  for (const [digits, quietFrames] of steps) {
    out.push(...t.push(digits, FRAME));
    for (let i = 0; i < quietFrames; i++) out.push(...t.push("", FRAME));
  }
  return out;
}

test("UtteranceTracker emits an interim caption per new digit and a final one after the pause", () => {
  const t = new UtteranceTracker({ sampleRate: RATE });
  const pauseFrames = UTTERANCE_DEFAULTS.pauseMs / 10;
  const ev = run(t, [["1", 13], ["2", 13], ["3", pauseFrames + 5], ["4", 0]]);
  assert.deepEqual(ev, [
    { text: "1", final: false },
    { text: "12", final: false },
    { text: "123", final: false },
    { text: "123", final: true },
    { text: "4", final: false },
  ]);
  assert.equal(t.pending, "4");
});

test("UtteranceTracker ends an utterance exactly when pauseMs of audio passed", () => {
  const t = new UtteranceTracker({ sampleRate: RATE, pauseMs: 100 });
  t.push("7", FRAME);
  for (let i = 0; i < 9; i++) assert.deepEqual(t.push("", FRAME), [], `frame ${i}`);
  assert.deepEqual(t.push("", FRAME), [{ text: "7", final: true }]);
  assert.deepEqual(t.push("", FRAME), [], "no second final");
  // several digits in one push count as one update; a single long quiet push also ends it
  assert.deepEqual(t.push("89", 1), [{ text: "89", final: false }]);
  assert.deepEqual(t.push("", 1600), [{ text: "89", final: true }]);
});

test("UtteranceTracker.flush() finishes the pending utterance once", () => {
  const t = new UtteranceTracker({ sampleRate: RATE });
  assert.equal(t.flush(), null);
  t.push("#", FRAME);
  assert.deepEqual(t.flush(), { text: "#", final: true });
  assert.equal(t.flush(), null);
  assert.equal(t.pending, "");
});

test("UtteranceTracker rejects bad options and sample counts", () => {
  assert.throws(() => new UtteranceTracker({ sampleRate: 0 }), RangeError);
  assert.throws(() => new UtteranceTracker({ sampleRate: RATE, pauseMs: 0 }), RangeError);
  const t = new UtteranceTracker({ sampleRate: RATE });
  assert.throws(() => t.push("", -1), RangeError);
  assert.throws(() => t.push("", 1.5), RangeError);
});

/** Decodes `cycles` repetitions of `text` from SpeechSource at 16 kHz through a tracker. */
function captionsOfSpeech(text: string, cycles: number, pauseMs?: number): UtteranceEvent[] {
  const src = new SpeechSource({ text, sampleRate: 16000 });
  const dec = new SpeechDecoder(RATE);
  const t = new UtteranceTracker({ sampleRate: RATE, pauseMs });
  const frames = Math.ceil((cycles * src.cycleSamples) / FRAME) + 50;
  const out: UtteranceEvent[] = [];
  for (let i = 0; i < frames; i++) {
    const s = src.next();
    out.push(...t.push(dec.push(s), s.length));
  }
  return out;
}

test("UtteranceTracker turns each repetition of synthetic speech into one final caption", () => {
  const text = "8311#5D";
  const ev = captionsOfSpeech(text, 3);
  assert.deepEqual(ev.filter((e) => e.final).map((e) => e.text), [text, text, text]);
  const interims = ev.filter((e) => !e.final).map((e) => e.text);
  assert.deepEqual(interims.slice(0, text.length), [...text].map((_, i) => text.slice(0, i + 1)));
});

test("UtteranceTracker with a wrong pause splits or merges utterances (the default is what separates them)", () => {
  const text = "42*A09";
  // broken variants: shorter than the digit spacing splits every digit; longer than the repeat pause merges repeats
  const split = captionsOfSpeech(text, 2, 100).filter((e) => e.final).map((e) => e.text);
  assert.ok(split.every((s) => s.length === 1), `split ${split}`);
  const merged = captionsOfSpeech(text, 2, 1000).filter((e) => e.final);
  assert.equal(merged.length, 0);
  const good = captionsOfSpeech(text, 2).filter((e) => e.final).map((e) => e.text);
  assert.deepEqual(good, [text, text]);
});
