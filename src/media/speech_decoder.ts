/**
 * DTMF decoder for the synthetic speech signal (SPEC §11.1): Goertzel filters on 20 ms windows every 10 ms,
 * with debouncing, plus a carrier detector and a level meter. Pure: accepts PCM frames of any length.
 */
import { COL_HZ, dtmfSymbol, energy, goertzelPower, ROW_HZ } from "./_dtmf.ts";
import { SPEECH_DEFAULTS } from "./speech_source.ts";

/** Tunable detection constants (SPEC §11.1); exported so tests and broken variants can refer to them. */
export const DECODER_PARAMS = {
  /** Analysis window in ms. */
  windowMs: 20,
  /** Hop between windows in ms. */
  hopMs: 10,
  /** Windows in a row a digit must be detected in before it is reported. */
  minOn: 3,
  /** Windows in a row without the reported digit before the same digit may be reported again. */
  minOff: 3,
  /** Minimum RMS (Int16 units) of a window for any detection. */
  minRms: 50,
  /** Minimum share of the window's energy in the strongest row tone and in the strongest column tone. */
  minToneShare: 0.1,
  /** Minimum share of the window's energy in the two tones together. */
  minPairShare: 0.4,
  /** The second-strongest row (column) must be below this fraction of the strongest. */
  maxRivalRatio: 0.25,
  /** Window for carrierPresent() and level, in ms. */
  recentMs: 40,
  /** Minimum carrier amplitude (Int16 units) for carrierPresent(). */
  carrierMinAmplitude: 100,
  /** Carrier power must exceed this multiple of the power at the guard frequencies (0.7× and 1.3× carrier). */
  carrierGuardRatio: 10,
} as const;

/**
 * Classifies one analysis window: the DTMF symbol it holds, or null (SPEC §11.1 detection rule).
 * `x[from..from+n)` are the samples.
 */
export function detectDtmf(x: ArrayLike<number>, from: number, n: number, sampleRate: number): string | null {
  const p = DECODER_PARAMS;
  const e = energy(x, from, n);
  if (e / n < p.minRms * p.minRms) return null;
  const share = (hz: number) => (2 * goertzelPower(x, from, n, hz, sampleRate)) / (n * e);
  const best = (freqs: readonly number[]) => {
    const s = freqs.map(share);
    let i = 0;
    for (let k = 1; k < s.length; k++) if (s[k]! > s[i]!) i = k;
    const rival = Math.max(...s.filter((_, k) => k !== i));
    return { i, share: s[i]!, rival };
  };
  const r = best(ROW_HZ);
  const c = best(COL_HZ);
  if (r.share < p.minToneShare || c.share < p.minToneShare) return null;
  if (r.share + c.share < p.minPairShare) return null;
  if (r.rival > p.maxRivalRatio * r.share || c.rival > p.maxRivalRatio * c.share) return null;
  return dtmfSymbol(r.i, c.i);
}

/** Decodes DTMF digits (Goertzel) from a stream of PCM frames of any length. */
export class SpeechDecoder {
  /** Carrier frequency looked for by carrierPresent(). */
  readonly carrierHz: number;
  #rate = 0;
  #win = 0;
  #hop = 0;
  #buf = new Float64Array(0);
  #len = 0;
  #recent = new Float64Array(0); // ring of the last recentMs of samples
  #recentPos = 0;
  #recentFill = 0;
  #heard = "";
  #samples = 0;
  #runSym: string | null = null;
  #run = 0;
  #latched: string | null = null;
  #off = 0;

  /** `sampleRate` ≥ 8000 (initial rate; push() may switch it); `carrierHz` (for carrierPresent()) defaults to 400. */
  constructor(sampleRate: number, opts: { carrierHz?: number } = {}) {
    if (!Number.isFinite(sampleRate) || sampleRate < 8000) {
      throw new RangeError(`SpeechDecoder sampleRate "${sampleRate}" is invalid: need at least 8000`);
    }
    this.carrierHz = opts.carrierHz ?? SPEECH_DEFAULTS.carrierHz;
    this.#setRate(sampleRate);
  }

  /** Current input sample rate in Hz (changes when push() is given another rate). */
  get sampleRate(): number {
    return this.#rate;
  }

  /** Switches the analysis to another sample rate; buffered audio is dropped, decoded digits and debounce kept. */
  #setRate(sampleRate: number): void {
    this.#rate = sampleRate;
    this.#win = Math.round((DECODER_PARAMS.windowMs * sampleRate) / 1000);
    this.#hop = Math.round((DECODER_PARAMS.hopMs * sampleRate) / 1000);
    this.#buf = new Float64Array(this.#win * 4);
    this.#len = 0;
    this.#recent = new Float64Array(Math.round((DECODER_PARAMS.recentMs * sampleRate) / 1000));
    this.#recentPos = 0;
    this.#recentFill = 0;
  }

  /** Every digit decoded so far, in order. */
  get heard(): string {
    return this.#heard;
  }

  /** Number of samples consumed so far. */
  get samples(): number {
    return this.#samples;
  }

  /** RMS of the most recent 40 ms (Int16 units). */
  get level(): number {
    const filled = this.#recentFill;
    return filled === 0 ? 0 : Math.sqrt(energy(this.#recent, 0, this.#recent.length) / filled);
  }

  /**
   * Consumes samples; returns the digits completed by this push, in order ("" if none). Pass `sampleRate` when
   * frames come from an RTCAudioSink: it reports 16 kHz before the first packet and 48 kHz after (SPEC §11.1).
   */
  push(samples: Int16Array, sampleRate?: number): string {
    if (!(samples instanceof Int16Array)) throw new TypeError("SpeechDecoder.push() needs an Int16Array");
    if (sampleRate !== undefined && sampleRate !== this.#rate) {
      if (!Number.isFinite(sampleRate) || sampleRate < 8000) {
        throw new RangeError(`SpeechDecoder sampleRate "${sampleRate}" is invalid: need at least 8000`);
      }
      this.#setRate(sampleRate);
    }
    let out = "";
    if (this.#len + samples.length > this.#buf.length) {
      const bigger = new Float64Array(Math.max(this.#buf.length * 2, this.#len + samples.length));
      bigger.set(this.#buf.subarray(0, this.#len));
      this.#buf = bigger;
    }
    for (let i = 0; i < samples.length; i++) {
      const v = samples[i]!;
      this.#buf[this.#len++] = v;
      this.#recent[this.#recentPos] = v;
      this.#recentPos = (this.#recentPos + 1) % this.#recent.length;
    }
    this.#recentFill = Math.min(this.#recent.length, this.#recentFill + samples.length);
    this.#samples += samples.length;
    let start = 0;
    while (this.#len - start >= this.#win) {
      const sym = detectDtmf(this.#buf, start, this.#win, this.#rate);
      const d = this.#debounce(sym);
      if (d !== null) out += d;
      start += this.#hop;
    }
    this.#buf.copyWithin(0, start, this.#len);
    this.#len -= start;
    this.#heard += out;
    return out;
  }

  /** SPEC §11.1 debounce: report a digit after minOn windows; re-arm after minOff windows without it. */
  #debounce(sym: string | null): string | null {
    const p = DECODER_PARAMS;
    if (sym !== null && sym === this.#runSym) this.#run++;
    else {
      this.#runSym = sym;
      this.#run = 1;
    }
    if (sym !== null && sym === this.#latched) this.#off = 0;
    else if (this.#latched !== null && ++this.#off >= p.minOff) this.#latched = null;
    if (sym !== null && this.#run >= p.minOn && sym !== this.#latched) {
      this.#latched = sym;
      this.#off = 0;
      return sym;
    }
    return null;
  }

  /** True when the carrier tone dominates its neighbourhood in the most recent 40 ms (SPEC §11.1). */
  carrierPresent(): boolean {
    const n = this.#recent.length;
    if (this.#recentFill < n) return false;
    // Unroll the ring in time order and apply a Hann window so the guard bins see no leakage.
    const x = new Float64Array(n);
    let wsum = 0;
    for (let i = 0; i < n; i++) {
      const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i + 0.5)) / n);
      x[i] = w * this.#recent[(this.#recentPos + i) % n]!;
      wsum += w;
    }
    const sr = this.#rate;
    const pc = goertzelPower(x, 0, n, this.carrierHz, sr);
    const guard = Math.max(
      goertzelPower(x, 0, n, this.carrierHz * 0.7, sr),
      goertzelPower(x, 0, n, this.carrierHz * 1.3, sr),
    );
    const amplitude = (2 * Math.sqrt(pc)) / wsum;
    const p = DECODER_PARAMS;
    return amplitude >= p.carrierMinAmplitude && pc >= p.carrierGuardRatio * guard;
  }
}
