import { test } from "node:test";
import assert from "node:assert/strict";
import { SpeechDecoder, SpeechSource } from "../media/mod.ts";
import { AudioNormalizer, Decimator, lowPassTaps, NORMAL_AUDIO } from "./resample.ts";

function tone(hz: number, rate: number, n: number, amp = 10000, phase0 = 0): Int16Array {
  const x = new Int16Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.round(amp * Math.sin(phase0 + (2 * Math.PI * hz * i) / rate));
  return x;
}

function rms(x: Int16Array, from = 0): number {
  let e = 0;
  for (let i = from; i < x.length; i++) e += x[i]! * x[i]!;
  return Math.sqrt(e / (x.length - from));
}

/** Feeds `x` through a fresh normalizer in `frame`-sample pieces and concatenates the output. */
function normalise(x: Int16Array, rate: number, frame: number, channels = 1): { out: Int16Array; sizes: number[] } {
  const n = new AudioNormalizer();
  const parts: Int16Array[] = [];
  for (let at = 0; at < x.length; at += frame) parts.push(...n.push(x.subarray(at, at + frame), rate, channels));
  const out = new Int16Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { out, sizes: parts.map((p) => p.length) };
}

test("lowPassTaps() has unity DC gain and is symmetric", () => {
  const h = lowPassTaps(3);
  assert.equal(h.length, 49);
  assert.ok(Math.abs(h.reduce((s, v) => s + v, 0) - 1) < 1e-12);
  for (let i = 0; i < h.length; i++) assert.ok(Math.abs(h[i]! - h[h.length - 1 - i]!) < 1e-15);
});

test("AudioNormalizer turns 48 kHz sink frames into 160-sample 16 kHz frames keeping in-band tones", () => {
  const x = tone(1000, 48000, 48000);
  const { out, sizes } = normalise(x, 48000, 480);
  assert.ok(sizes.every((s) => s === NORMAL_AUDIO.frameSamples));
  assert.ok(Math.abs(out.length - 16000) <= 1, `${out.length} samples`);
  const ref = rms(tone(1000, 16000, 16000));
  assert.ok(Math.abs(rms(out, 100) - ref) / ref < 0.02, `1 kHz level ${rms(out, 100)} vs ${ref}`);
  // same samples whatever the input framing
  assert.deepEqual(normalise(x, 48000, 333).out.subarray(0, 15000), out.subarray(0, 15000));
});

test("AudioNormalizer suppresses content above 8 kHz instead of aliasing it (a naive decimator does not)", () => {
  const x = tone(10000, 48000, 48000); // would alias to 6 kHz
  const { out } = normalise(x, 48000, 480);
  assert.ok(rms(out, 100) < 0.01 * rms(x), `alias level ${rms(out, 100)}`);
  // broken variant: taking every third sample keeps the alias at full strength
  const naive = Int16Array.from({ length: 16000 }, (_, i) => x[3 * i]!);
  assert.ok(rms(naive) > 0.5 * rms(x));
});

test("AudioNormalizer passes 16 kHz through unchanged, re-cut into 160-sample frames", () => {
  const x = tone(440, 16000, 1000);
  const { out, sizes } = normalise(x, 16000, 100);
  assert.deepEqual(sizes, [160, 160, 160, 160, 160, 160]);
  assert.deepEqual(out, x.subarray(0, 960));
});

test("AudioNormalizer averages channels to mono", () => {
  const stereo = new Int16Array(320);
  for (let i = 0; i < 160; i++) {
    stereo[2 * i] = 1000;
    stereo[2 * i + 1] = -200;
  }
  const { out } = normalise(stereo, 16000, 320, 2);
  assert.ok(out.every((v) => v === 400));
});

test("AudioNormalizer rejects unsupported rates and ragged multi-channel frames", () => {
  const n = new AudioNormalizer();
  assert.equal(AudioNormalizer.supports(44100), false);
  assert.equal(AudioNormalizer.supports(96000), true);
  assert.throws(() => n.push(new Int16Array(441), 44100), RangeError);
  assert.throws(() => n.push(new Int16Array(3), 16000, 2), RangeError);
  assert.throws(() => new Decimator(7), RangeError);
});

test("Synthetic speech at 48 kHz decodes after normalisation to 16 kHz", () => {
  const src = new SpeechSource({ text: "0123456789*#ABCD", sampleRate: 48000 });
  const n = new AudioNormalizer();
  const dec = new SpeechDecoder(16000);
  const frames = Math.ceil(src.cycleSamples / 480); // one repetition (ends with the silent pause)
  for (let i = 0; i < frames; i++) for (const f of n.push(src.next(), 48000)) dec.push(f);
  assert.equal(dec.heard, "0123456789*#ABCD");
});
