import { test } from "node:test";
import assert from "node:assert/strict";
import { AUDIO_FRAME_MS, detectDtmf, SPEECH_DEFAULTS, SpeechSource } from "./mod.ts";
import { concat } from "./_testing/signals.ts";

test("SpeechSource.next() returns one 10 ms mono frame at 48 kHz (default) and 16 kHz", () => {
  assert.equal(AUDIO_FRAME_MS, 10);
  const a = new SpeechSource({ text: "1" });
  assert.equal(a.sampleRate, 48000);
  const f = a.next();
  assert.ok(f instanceof Int16Array);
  assert.equal(f.length, 480);
  const b = new SpeechSource({ text: "1", sampleRate: 16000 });
  assert.equal(b.next().length, 160);
  assert.equal(b.next().length, 160);
  assert.equal(b.framesProduced, 2);
  assert.equal(a.framesProduced, 1);
});

test("SpeechSource lays out tone, gap and pause per the defaults and loops forever", () => {
  const text = "5#";
  const s = new SpeechSource({ text, sampleRate: 16000 });
  const d = SPEECH_DEFAULTS;
  assert.equal(s.cycleSamples, ((d.toneMs + d.gapMs) * text.length + d.pauseMs) * 16);
  const framesPerCycle = s.cycleSamples / s.samplesPerFrame;
  const one = concat(Array.from({ length: framesPerCycle }, () => s.next()));
  const two = concat(Array.from({ length: framesPerCycle }, () => s.next()));
  // Same cycle again: tones restart exactly, the carrier phase agrees up to rounding.
  for (let i = 0; i < one.length; i++) {
    assert.ok(Math.abs(one[i]! - two[i]!) <= 2, `sample ${i}: ${one[i]} vs ${two[i]}`);
  }
  const at = (ms: number) => detectDtmf(one, ms * 16, 320, 16000); // 20 ms window starting at `ms`
  assert.equal(at(30), "5"); // inside the first tone
  assert.equal(at(d.toneMs + 20), null); // inside the first gap
  assert.equal(at(d.toneMs + d.gapMs + 30), "#");
  assert.equal(at(2 * (d.toneMs + d.gapMs) + 100), null); // inside the pause
});

test("SpeechSource keeps the carrier under the tones and never clips", () => {
  const s = new SpeechSource({ text: "D", sampleRate: 16000, level: 0.9, carrierLevel: 0.1 });
  let peak = 0;
  for (let i = 0; i < 100; i++) for (const v of s.next()) peak = Math.max(peak, Math.abs(v));
  assert.ok(peak <= 32767 && peak > 0.8 * 32767, `peak ${peak}`);
  // Gap only: the carrier alone, at carrierLevel.
  const g = new SpeechSource({ text: "1", sampleRate: 16000, toneMs: 40, gapMs: 200 });
  for (let i = 0; i < 10; i++) g.next();
  const gap = g.next();
  const rms = Math.sqrt(gap.reduce((e, v) => e + v * v, 0) / gap.length);
  const expected = (SPEECH_DEFAULTS.carrierLevel * 32767) / Math.SQRT2;
  assert.ok(Math.abs(rms - expected) < 0.05 * expected, `gap rms ${rms}, expected ${expected}`);
});

test("SpeechSource rejects text outside the DTMF alphabet and invalid timing, rate, carrier or levels", () => {
  assert.throws(() => new SpeechSource({ text: "" }), RangeError);
  assert.throws(() => new SpeechSource({ text: "12a" }), RangeError);
  assert.throws(() => new SpeechSource({ text: "1 2" }), RangeError);
  assert.throws(() => new SpeechSource({ text: 12 as unknown as string }), TypeError);
  assert.throws(() => new SpeechSource({ text: "1", sampleRate: 44100 as 48000 }), RangeError);
  assert.throws(() => new SpeechSource({ text: "1", toneMs: 20 }), RangeError);
  assert.throws(() => new SpeechSource({ text: "1", gapMs: 10 }), RangeError);
  assert.throws(() => new SpeechSource({ text: "1", pauseMs: -1 }), RangeError);
  assert.throws(() => new SpeechSource({ text: "1", carrierHz: 770 }), RangeError); // a DTMF row frequency
  assert.throws(() => new SpeechSource({ text: "1", carrierHz: 600 }), RangeError); // too close to 697 Hz
  assert.throws(() => new SpeechSource({ text: "1", level: 0.99, carrierLevel: 0.05 }), RangeError);
  assert.throws(() => new SpeechSource({ text: "1", level: 0 }), RangeError);
  assert.ok(new SpeechSource({ text: "0123456789*#ABCD", carrierHz: 300, pauseMs: 0 }));
});
