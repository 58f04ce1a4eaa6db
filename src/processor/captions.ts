/**
 * Utterance segmentation for live captions and transcription (SPEC §4.4, F2/F3): groups the digits a
 * SpeechDecoder reports into utterances, measured in audio time (samples), never wall-clock time.
 * Pure: no I/O.
 */

/** SPEC §4.4: defaults of the utterance rule. */
export const UTTERANCE_DEFAULTS = {
  /**
   * Audio time without a new digit that ends an utterance, in ms. The synthetic speech (SPEC §11.1) has
   * 140 ms between digit onsets and ≥ 440 ms between the last digit of a text and the first of its repeat,
   * so 250 ms separates the two with margin on both sides.
   */
  pauseMs: 250,
} as const;

/** One caption update: the digits of the current utterance so far; `final` when a pause ended it. */
export interface UtteranceEvent {
  text: string;
  final: boolean;
}

/** Options of UtteranceTracker. */
export interface UtteranceTrackerOptions {
  /** Sample rate of the audio the digits were decoded from (16000 for RTCAudioSink). */
  sampleRate: number;
  /** Pause that ends an utterance, in ms (> 0); default UTTERANCE_DEFAULTS.pauseMs. */
  pauseMs?: number;
}

/**
 * Turns (new digits, samples consumed) pairs into caption events (SPEC §4.4 F2):
 * every push that completes digits yields an interim event whose text is the utterance so far;
 * once `pauseMs` of audio pass with no new digit, a final event with the whole utterance follows and the
 * next digit starts a new utterance.
 * @example
 * const t = new UtteranceTracker({ sampleRate: 16000 });
 * t.push("1", 160); // [{ text: "1", final: false }]
 * t.push("", 4000); // [{ text: "1", final: true }]
 */
export class UtteranceTracker {
  readonly sampleRate: number;
  readonly pauseSamples: number;
  #text = "";
  #quiet = 0;

  /** Throws RangeError for a non-positive sample rate or pause. */
  constructor(opts: UtteranceTrackerOptions) {
    const pauseMs = opts.pauseMs ?? UTTERANCE_DEFAULTS.pauseMs;
    if (!(Number.isFinite(opts.sampleRate) && opts.sampleRate > 0)) {
      throw new RangeError(`UtteranceTracker sampleRate "${opts.sampleRate}" is invalid`);
    }
    if (!(Number.isFinite(pauseMs) && pauseMs > 0)) {
      throw new RangeError(`UtteranceTracker pauseMs "${pauseMs}" is invalid`);
    }
    this.sampleRate = opts.sampleRate;
    this.pauseSamples = Math.round((pauseMs * opts.sampleRate) / 1000);
  }

  /** Digits of the utterance in progress ("" between utterances). */
  get pending(): string {
    return this.#text;
  }

  /**
   * Feeds the digits a decoder completed while consuming `samples` more samples; returns 0 or 1 events.
   * Throws RangeError for a negative or non-integer sample count.
   */
  push(digits: string, samples: number): UtteranceEvent[] {
    if (!Number.isInteger(samples) || samples < 0) throw new RangeError(`Sample count "${samples}" is invalid`);
    if (digits.length > 0) {
      // SPEC §4.4 (F2): each newly decoded digit updates the current utterance's caption.
      this.#text += digits;
      this.#quiet = 0;
      return [{ text: this.#text, final: false }];
    }
    if (this.#text === "") return [];
    this.#quiet += samples;
    // SPEC §4.4 (F2): a pause of pauseMs audio ends the utterance with a final caption.
    if (this.#quiet >= this.pauseSamples) return [this.#finish()];
    return [];
  }

  /** Ends the utterance in progress (e.g. when captions stop): its final event, or null if none. */
  flush(): UtteranceEvent | null {
    return this.#text === "" ? null : this.#finish();
  }

  #finish(): UtteranceEvent {
    const ev = { text: this.#text, final: true };
    this.#text = "";
    this.#quiet = 0;
    return ev;
  }
}
