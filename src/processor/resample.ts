/**
 * Audio normalisation for the processor (SPEC §4.4): RTCAudioSink delivers 16 kHz frames while a track is
 * silent and 48 kHz frames once Opus audio flows (measured with @roamhq/wrtc 0.10.0), so every incoming frame
 * is down-mixed, decimated to 16 kHz by an integer factor behind a windowed-sinc low-pass filter, and
 * re-cut into 10 ms frames of 160 samples. Pure: no I/O.
 */

/** SPEC §4.4: the processor's internal audio format. */
export const NORMAL_AUDIO = { sampleRate: 16000, frameSamples: 160 } as const;

/** Largest integer decimation factor accepted (96 kHz → 16 kHz). */
export const MAX_DECIMATION = 6;

/** Taps per unit of decimation factor; the filter has TAPS_PER_FACTOR × factor + 1 taps. */
const TAPS_PER_FACTOR = 16;

/** Low-pass FIR (Blackman-windowed sinc) for decimation by `factor`: cutoff at 0.9 × the new Nyquist frequency. */
export function lowPassTaps(factor: number): Float64Array {
  const n = TAPS_PER_FACTOR * factor + 1;
  const fc = 0.9 * (0.5 / factor); // cycles per input sample
  const h = new Float64Array(n);
  const mid = (n - 1) / 2;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const t = i - mid;
    const sinc = t === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
    const w = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (n - 1));
    h[i] = sinc * w;
    sum += h[i]!;
  }
  for (let i = 0; i < n; i++) h[i]! /= sum; // unity gain at DC
  return h;
}

/** Streaming integer-factor decimator with filter state carried across calls. */
export class Decimator {
  readonly factor: number;
  readonly #taps: Float64Array;
  #hist: Float64Array; // the last taps-1 input samples
  #skip = 0; // input samples to skip before the next output sample

  /** `factor` is an integer 1..MAX_DECIMATION; 1 passes samples through unchanged. */
  constructor(factor: number) {
    if (!Number.isInteger(factor) || factor < 1 || factor > MAX_DECIMATION) {
      throw new RangeError(`Decimation factor "${factor}" is invalid: use an integer from 1 to ${MAX_DECIMATION}`);
    }
    this.factor = factor;
    this.#taps = factor === 1 ? new Float64Array([1]) : lowPassTaps(factor);
    this.#hist = new Float64Array(this.#taps.length - 1);
  }

  /** Filters and decimates `input`; output length is about input.length / factor. */
  process(input: Int16Array): Int16Array {
    if (this.factor === 1) return input.slice();
    const taps = this.#taps;
    const h = this.#hist.length;
    const x = new Float64Array(h + input.length);
    x.set(this.#hist);
    for (let i = 0; i < input.length; i++) x[h + i] = input[i]!;
    const out: number[] = [];
    let i = h + this.#skip;
    for (; i < x.length; i += this.factor) {
      let acc = 0;
      for (let t = 0; t < taps.length; t++) acc += taps[t]! * x[i - t]!;
      out.push(Math.max(-32768, Math.min(32767, Math.round(acc))));
    }
    this.#skip = i - x.length;
    this.#hist = x.slice(x.length - h);
    return Int16Array.from(out);
  }
}

/**
 * Turns sink frames of any supported format into 16 kHz mono 160-sample frames (SPEC §4.4).
 * Supported: sample rates 16000 × k (k = 1..6), any channel count (averaged to mono).
 */
export class AudioNormalizer {
  #decimator: Decimator | null = null;
  #rate = 0;
  #pending = new Int16Array(0);

  /** True when `sampleRate` can be normalised. */
  static supports(sampleRate: number): boolean {
    const k = sampleRate / NORMAL_AUDIO.sampleRate;
    return Number.isInteger(k) && k >= 1 && k <= MAX_DECIMATION;
  }

  /**
   * Consumes one frame (`samples` interleaved over `channels`) and returns the whole 160-sample frames now
   * complete. A change of input rate restarts the filter. Throws RangeError for an unsupported rate or a
   * sample count that does not divide into `channels`.
   */
  push(samples: Int16Array, sampleRate: number, channels = 1): Int16Array[] {
    if (!AudioNormalizer.supports(sampleRate)) {
      throw new RangeError(`Sample rate "${sampleRate}" is unsupported: need 16000 × 1..${MAX_DECIMATION}`);
    }
    if (!Number.isInteger(channels) || channels < 1 || samples.length % channels !== 0) {
      throw new RangeError(`Frame of ${samples.length} samples does not divide into "${channels}" channels`);
    }
    if (sampleRate !== this.#rate) {
      this.#rate = sampleRate;
      this.#decimator = new Decimator(sampleRate / NORMAL_AUDIO.sampleRate);
    }
    let mono = samples;
    if (channels > 1) {
      mono = new Int16Array(samples.length / channels);
      for (let i = 0; i < mono.length; i++) {
        let s = 0;
        for (let c = 0; c < channels; c++) s += samples[i * channels + c]!;
        mono[i] = Math.round(s / channels);
      }
    }
    const dec = this.#decimator!.process(mono);
    const all = new Int16Array(this.#pending.length + dec.length);
    all.set(this.#pending);
    all.set(dec, this.#pending.length);
    const frames: Int16Array[] = [];
    const n = NORMAL_AUDIO.frameSamples;
    let at = 0;
    for (; at + n <= all.length; at += n) frames.push(all.slice(at, at + n));
    this.#pending = all.slice(at);
    return frames;
  }
}
