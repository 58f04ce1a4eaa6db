import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DECODER_PARAMS, detectDtmf, SpeechDecoder, SpeechSource } from "./mod.ts";
import type { SpeechSourceOptions } from "./mod.ts";
import { addNoise, concat, downsample3, prng } from "./_testing/signals.ts";

/** What the decoder suite needs from an implementation. */
interface DecoderLike {
  push(samples: Int16Array, sampleRate?: number): string;
  readonly heard: string;
}
type DecoderClass = new (sampleRate: number) => DecoderLike;

const ALL = "0123456789*#ABCD";

/** `cycles` full repetitions of a SpeechSource as 10 ms frames. */
function frames(opts: SpeechSourceOptions, cycles: number): Int16Array[] {
  const s = new SpeechSource(opts);
  const out: Int16Array[] = [];
  while (out.length * s.samplesPerFrame < cycles * s.cycleSamples) out.push(s.next());
  return out;
}

/** Feeds frames to a fresh decoder and returns what it heard. */
function decode(Decoder: DecoderClass, rate: number, input: Int16Array[]): string {
  const d = new Decoder(rate);
  let fromPush = "";
  for (const f of input) fromPush += d.push(f);
  assert.equal(fromPush, d.heard, "push() results and heard disagree");
  return d.heard;
}

/** One decoder scenario: what it feeds and what it must hear. */
interface Scenario {
  name: string;
  run(Decoder: DecoderClass): { heard: string; expected: string };
}

/** SPEC §11.1 decoder scenarios; the same list runs against SpeechDecoder and against broken variants. */
const SCENARIOS: Scenario[] = [
  {
    name: "a clean 48 kHz stream",
    run: (D) => ({ heard: decode(D, 48000, frames({ text: ALL }, 3)), expected: ALL.repeat(3) }),
  },
  {
    name: "a clean 16 kHz stream",
    run: (D) => ({ heard: decode(D, 16000, frames({ text: ALL, sampleRate: 16000 }, 3)), expected: ALL.repeat(3) }),
  },
  {
    name: "48 kHz resampled naively to 16 kHz",
    run: (D) => ({ heard: decode(D, 16000, frames({ text: ALL }, 2).map(downsample3)), expected: ALL.repeat(2) }),
  },
  {
    name: "a stream with Gaussian noise (sigma 6000, tone-to-noise ratio about 3 dB)",
    run: (D) => {
      const rand = prng(7);
      const input = frames({ text: ALL, sampleRate: 16000 }, 2).map((f) => addNoise(f, rand, 6000));
      return { heard: decode(D, 16000, input), expected: ALL.repeat(2) };
    },
  },
  {
    name: "a stream with 8% of frames lost and replaced by silence",
    run: (D) => {
      const rand = prng(11);
      const input = frames({ text: ALL }, 2).map((f) => (rand() < 0.08 ? new Int16Array(f.length) : f));
      return { heard: decode(D, 48000, input), expected: ALL.repeat(2) };
    },
  },
  {
    name: "a stream with every sixth frame lost and skipped (phase jumps, shorter tones and gaps)",
    run: (D) => {
      const input = frames({ text: ALL, sampleRate: 16000 }, 2).filter((_, i) => i % 6 !== 2);
      return { heard: decode(D, 16000, input), expected: ALL.repeat(2) };
    },
  },
  {
    name: "equal consecutive digits as separate digits",
    run: (D) => ({
      heard: decode(D, 16000, frames({ text: "11550##", sampleRate: 16000 }, 2)),
      expected: "11550##".repeat(2),
    }),
  },
  {
    name: "one long tone as one digit",
    run: (D) => ({ heard: decode(D, 48000, frames({ text: "7D", toneMs: 700, gapMs: 60 }, 2)), expected: "7D7D" }),
  },
  {
    name: "the shortest allowed tone and gap (40 ms each)",
    run: (D) => ({
      heard: decode(D, 16000, frames({ text: "2299", sampleRate: 16000, toneMs: 40, gapMs: 40 }, 2)),
      expected: "22992299",
    }),
  },
  {
    name: "frames of arbitrary sizes",
    run: (D) => {
      const all = concat(frames({ text: ALL, sampleRate: 16000 }, 2));
      const rand = prng(5);
      const chunks: Int16Array[] = [];
      for (let o = 0; o < all.length;) {
        const n = 1 + Math.floor(rand() * 700);
        chunks.push(all.subarray(o, o + n));
        o += n;
      }
      return { heard: decode(D, 16000, chunks), expected: ALL.repeat(2) };
    },
  },
  {
    name: "nothing in noise, silence or a lone carrier",
    run: (D) => {
      const rand = prng(3);
      const input: Int16Array[] = [];
      for (let i = 0; i < 300; i++) input.push(addNoise(new Int16Array(160), rand, 3000));
      for (let i = 0; i < 100; i++) input.push(new Int16Array(160));
      for (let i = 0; i < 300; i++) {
        input.push(
          Int16Array.from({ length: 160 }, (_, k) => 3000 * Math.sin((2 * Math.PI * 400 * (i * 160 + k)) / 16000)),
        );
      }
      return { heard: decode(D, 16000, input), expected: "" };
    },
  },
];

/** Runs every scenario; returns the names of those whose output differs from what was spoken. */
function decoderSuite(Decoder: DecoderClass): string[] {
  return SCENARIOS.filter((s) => {
    const r = s.run(Decoder);
    return r.heard !== r.expected;
  }).map((s) => s.name);
}

/** Broken variant: reports a digit in every window that detects one (no debounce). */
class NoDebounceDecoder implements DecoderLike {
  heard = "";
  #buf: number[] = [];
  constructor(readonly sampleRate: number) {}
  push(samples: Int16Array): string {
    const win = (DECODER_PARAMS.windowMs * this.sampleRate) / 1000;
    const hop = (DECODER_PARAMS.hopMs * this.sampleRate) / 1000;
    this.#buf.push(...samples);
    let out = "";
    while (this.#buf.length >= win) {
      out += detectDtmf(this.#buf, 0, win, this.sampleRate) ?? "";
      this.#buf.splice(0, hop);
    }
    this.heard += out;
    return out;
  }
}

/** Broken variant: debounced onset, but never re-arms for the same digit (merges equal consecutive digits). */
class NoRearmDecoder implements DecoderLike {
  heard = "";
  #buf: number[] = [];
  #run = 0;
  #runSym: string | null = null;
  #last: string | null = null;
  constructor(readonly sampleRate: number) {}
  push(samples: Int16Array): string {
    const win = (DECODER_PARAMS.windowMs * this.sampleRate) / 1000;
    const hop = (DECODER_PARAMS.hopMs * this.sampleRate) / 1000;
    this.#buf.push(...samples);
    let out = "";
    while (this.#buf.length >= win) {
      const sym = detectDtmf(this.#buf, 0, win, this.sampleRate);
      this.#run = sym !== null && sym === this.#runSym ? this.#run + 1 : 1;
      this.#runSym = sym;
      if (sym !== null && this.#run >= DECODER_PARAMS.minOn && sym !== this.#last) {
        out += sym;
        this.#last = sym;
      }
      this.#buf.splice(0, hop);
    }
    this.heard += out;
    return out;
  }
}

describe("SpeechDecoder scenarios (SPEC §11.1)", () => {
  for (const s of SCENARIOS) {
    test(`SpeechDecoder decodes ${s.name}`, () => {
      const r = s.run(SpeechDecoder);
      assert.equal(r.heard, r.expected);
    });
  }
});

test("decoderSuite() catches a decoder without debounce: it over-counts digits", () => {
  const failed = decoderSuite(NoDebounceDecoder);
  assert.ok(failed.includes("a clean 48 kHz stream"), `failed: ${failed}`);
  assert.ok(failed.includes("one long tone as one digit"), `failed: ${failed}`);
  const r = SCENARIOS[0]!.run(NoDebounceDecoder);
  assert.ok(r.heard.length > r.expected.length, `heard ${r.heard.length} digits, spoken ${r.expected.length}`);
});

test("decoderSuite() catches a decoder that merges equal consecutive digits", () => {
  const failed = decoderSuite(NoRearmDecoder);
  assert.deepEqual(failed.includes("equal consecutive digits as separate digits"), true, `failed: ${failed}`);
  assert.ok(!failed.includes("a clean 48 kHz stream"), "variant should only break on repeated digits");
});

test("SpeechDecoder.push() follows a sample-rate change given with the frame", () => {
  const d = new SpeechDecoder(16000);
  for (const f of frames({ text: "12", sampleRate: 16000 }, 1)) d.push(f, 16000);
  for (const f of frames({ text: "34" }, 1)) d.push(f, 48000);
  assert.equal(d.heard, "1234");
  assert.equal(d.sampleRate, 48000);
  assert.throws(() => d.push(new Int16Array(10), 100), RangeError);
});

test("SpeechDecoder.samples counts consumed samples and level tracks the recent RMS", () => {
  const d = new SpeechDecoder(16000);
  assert.equal(d.level, 0);
  const tone = Int16Array.from({ length: 1600 }, (_, k) => 1000 * Math.sin((2 * Math.PI * 400 * k) / 16000));
  d.push(tone);
  assert.equal(d.samples, 1600);
  assert.ok(Math.abs(d.level - 1000 / Math.SQRT2) < 20, `level ${d.level}`);
  d.push(new Int16Array(1600));
  assert.equal(d.level, 0);
});

test("SpeechDecoder.carrierPresent() sees the carrier during tones and gaps, not noise, silence or its absence", () => {
  const check = (input: Int16Array[], rate: number) => {
    const d = new SpeechDecoder(rate);
    let yes = 0;
    let checks = 0;
    for (const f of input) {
      d.push(f);
      if (d.samples >= rate / 10) {
        checks++;
        if (d.carrierPresent()) yes++;
      }
    }
    return yes / checks;
  };
  assert.equal(check(frames({ text: ALL }, 1), 48000), 1);
  const rand = prng(9);
  assert.equal(check(frames({ text: ALL, sampleRate: 16000 }, 1).map((f) => addNoise(f, rand, 1000)), 16000), 1);
  assert.equal(check(frames({ text: ALL, carrierLevel: 0 }, 1), 48000), 0);
  assert.equal(check(Array.from({ length: 100 }, () => addNoise(new Int16Array(160), rand, 3000)), 16000), 0);
  assert.equal(check(Array.from({ length: 100 }, () => new Int16Array(160)), 16000), 0);
});

test("SpeechDecoder rejects a bad sample rate and a non-Int16Array push", () => {
  assert.throws(() => new SpeechDecoder(4000), RangeError);
  assert.throws(() => new SpeechDecoder(Number.NaN), RangeError);
  assert.throws(() => new SpeechDecoder(16000).push([1, 2, 3] as unknown as Int16Array), TypeError);
});
