/**
 * Synthetic "speech": a DTMF digit string over a quiet carrier tone, looping forever (SPEC §11.1).
 * Pure: produces 10 ms Int16 mono frames; the caller decides when to send them.
 */
import { COL_HZ, DTMF_ALPHABET, dtmfPair, ROW_HZ } from "./_dtmf.ts";

/** SPEC §11: every audio frame is 10 ms long. */
export const AUDIO_FRAME_MS = 10;

/** SPEC §11.1: default timing and levels of the synthetic speech signal. */
export const SPEECH_DEFAULTS = {
  sampleRate: 48000,
  toneMs: 80,
  gapMs: 60,
  pauseMs: 300,
  carrierHz: 400,
  level: 0.5,
  carrierLevel: 0.05,
} as const;

/** Shortest tone and gap the decoder is specified to resolve (SPEC §11.1). */
export const MIN_TONE_MS = 40;
/** Shortest gap between tones the decoder is specified to resolve (SPEC §11.1). */
export const MIN_GAP_MS = 40;

/** Options of SpeechSource; every field but `text` has the default in SPEECH_DEFAULTS. */
export interface SpeechSourceOptions {
  /** Digits to speak, from the DTMF alphabet "0123456789*#ABCD"; non-empty. */
  text: string;
  /** Output sample rate: 48000 (default) or 16000. */
  sampleRate?: 48000 | 16000;
  /** Duration of each tone pair in ms (≥ 40). */
  toneMs?: number;
  /** Carrier-only gap after each tone in ms (≥ 40). */
  gapMs?: number;
  /** Extra carrier-only pause after the last digit, before the text repeats, in ms (≥ 0). */
  pauseMs?: number;
  /** Carrier frequency in Hz; at least 150 Hz away from every DTMF frequency. */
  carrierHz?: number;
  /** Peak amplitude of a tone pair as a fraction of full scale (each of the two tones gets half). */
  level?: number;
  /** Peak amplitude of the carrier as a fraction of full scale; level + carrierLevel ≤ 1. */
  carrierLevel?: number;
}

const FULL_SCALE = 32767;
/** Raised-cosine ramp at each tone edge, in ms, to keep the spectrum clean through Opus. */
const RAMP_MS = 5;

/** Speaks `text` as DTMF tones over a quiet carrier tone, looping forever with a pause between repeats. */
export class SpeechSource {
  /** The digit string being spoken. */
  readonly text: string;
  /** Samples per second of every frame. */
  readonly sampleRate: 48000 | 16000;
  /** Samples per 10 ms frame (sampleRate / 100). */
  readonly samplesPerFrame: number;
  /** Duration of one repetition of the text in samples. */
  readonly cycleSamples: number;
  /** Carrier frequency in Hz. */
  readonly carrierHz: number;
  #framesProduced = 0;
  #pos = 0; // sample position inside the cycle
  #carrierPhase = 0;
  readonly #tone: number;
  readonly #slot: number; // tone + gap
  readonly #ramp: number;
  readonly #toneAmp: number;
  readonly #carrierAmp: number;
  readonly #freqs: Array<[number, number]>;

  /** Validates the options; throws TypeError/RangeError for a bad text, rate, timing or level. */
  constructor(opts: SpeechSourceOptions) {
    if (typeof opts?.text !== "string") throw new TypeError("SpeechSource text must be a string");
    const text = opts.text;
    if (text.length === 0) throw new RangeError("SpeechSource text is empty");
    for (const ch of text) {
      if (!DTMF_ALPHABET.includes(ch)) {
        throw new RangeError(`SpeechSource text has "${ch}": allowed characters are "${DTMF_ALPHABET}"`);
      }
    }
    const d = SPEECH_DEFAULTS;
    const sampleRate = opts.sampleRate ?? d.sampleRate;
    if (sampleRate !== 48000 && sampleRate !== 16000) {
      throw new RangeError(`SpeechSource sampleRate "${sampleRate}" is not supported: use 48000 or 16000`);
    }
    const toneMs = opts.toneMs ?? d.toneMs;
    const gapMs = opts.gapMs ?? d.gapMs;
    const pauseMs = opts.pauseMs ?? d.pauseMs;
    const carrierHz = opts.carrierHz ?? d.carrierHz;
    const level = opts.level ?? d.level;
    const carrierLevel = opts.carrierLevel ?? d.carrierLevel;
    if (!(toneMs >= MIN_TONE_MS)) throw new RangeError(`SpeechSource toneMs "${toneMs}" is below ${MIN_TONE_MS}`);
    if (!(gapMs >= MIN_GAP_MS)) throw new RangeError(`SpeechSource gapMs "${gapMs}" is below ${MIN_GAP_MS}`);
    if (!(pauseMs >= 0)) throw new RangeError(`SpeechSource pauseMs "${pauseMs}" is negative`);
    // SPEC §11.1: the carrier must stay clear of the DTMF detector's frequencies.
    const nearest = Math.min(...[...ROW_HZ, ...COL_HZ].map((f) => Math.abs(f - carrierHz)));
    if (!(carrierHz > 50 && carrierHz < sampleRate / 2 && nearest >= 150)) {
      throw new RangeError(
        `SpeechSource carrierHz "${carrierHz}" is invalid: keep it 150 Hz from every DTMF frequency`,
      );
    }
    if (!(level > 0 && carrierLevel >= 0 && level + carrierLevel <= 1)) {
      throw new RangeError(
        `SpeechSource levels "${level}" and "${carrierLevel}" are invalid: need level > 0 and sum ≤ 1`,
      );
    }
    this.text = text;
    this.sampleRate = sampleRate;
    this.samplesPerFrame = (sampleRate * AUDIO_FRAME_MS) / 1000;
    this.carrierHz = carrierHz;
    const ms = (x: number) => Math.round((x * sampleRate) / 1000);
    this.#tone = ms(toneMs);
    this.#slot = ms(toneMs) + ms(gapMs);
    this.#ramp = Math.min(ms(RAMP_MS), Math.floor(this.#tone / 4));
    this.cycleSamples = this.#slot * text.length + ms(pauseMs);
    this.#toneAmp = (level * FULL_SCALE) / 2;
    this.#carrierAmp = carrierLevel * FULL_SCALE;
    this.#freqs = [...text].map((ch) => {
      const p = dtmfPair(ch)!;
      return [ROW_HZ[p.row], COL_HZ[p.col]];
    });
  }

  /** Number of frames returned by next() so far. */
  get framesProduced(): number {
    return this.#framesProduced;
  }

  /** Returns exactly one 10 ms mono frame (sampleRate / 100 samples). */
  next(): Int16Array {
    const n = this.samplesPerFrame;
    const out = new Int16Array(n);
    const sr = this.sampleRate;
    const dPhase = (2 * Math.PI * this.carrierHz) / sr;
    for (let i = 0; i < n; i++) {
      let v = this.#carrierAmp * Math.sin(this.#carrierPhase);
      this.#carrierPhase += dPhase;
      if (this.#carrierPhase > 2 * Math.PI) this.#carrierPhase -= 2 * Math.PI;
      const digit = Math.floor(this.#pos / this.#slot);
      const j = this.#pos - digit * this.#slot; // sample index inside this digit's slot
      if (digit < this.#freqs.length && j < this.#tone) {
        // SPEC §11.1: a Q.23 tone pair, equal levels, raised-cosine edges.
        const [lo, hi] = this.#freqs[digit]!;
        const edge = Math.min(j, this.#tone - 1 - j);
        const env = edge >= this.#ramp ? 1 : 0.5 - 0.5 * Math.cos((Math.PI * edge) / this.#ramp);
        const t = j / sr;
        v += this.#toneAmp * env * (Math.sin(2 * Math.PI * lo * t) + Math.sin(2 * Math.PI * hi * t));
      }
      out[i] = Math.max(-32768, Math.min(32767, Math.round(v)));
      this.#pos = (this.#pos + 1) % this.cycleSamples;
    }
    this.#framesProduced++;
    return out;
  }
}
