/**
 * Continuity and latency of a received sequence: video frame counters or numbered audio frames (SPEC §11.3). Pure.
 */
import { latency32 } from "./time32.ts";

/** What ContinuityTracker.stats() reports (SPEC §11.3). */
export interface ContinuityStats {
  /** Observations, duplicates included. */
  received: number;
  /** Ranges of sequence numbers still missing (between the first and the highest seen). */
  gaps: number;
  /** Sequence numbers still missing. */
  missing: number;
  /** Longest wall-clock time between two consecutive observations, in ms (0 before the second). */
  maxGapMs: number;
  /** Latency over observations that carried a send time (p50 over the most recent 4096). */
  latencyMs: { p50: number | null; max: number | null };
  /** Highest sequence number seen, or null before the first observation. */
  lastSeq: number | null;
  /** Observations below the highest sequence number seen that were not duplicates. */
  outOfOrder: number;
  /** Observations of a sequence number already received. */
  duplicates: number;
  /** Wall-clock gaps between observations longer than 3 × expectedIntervalMs (0 without that option). */
  stalls: number;
}

/** Latency samples kept for the median. */
const LATENCY_WINDOW = 4096;

/** Tracks a received sequence (frame counters or audio frames) for continuity and latency. */
export class ContinuityTracker {
  readonly #expected: number | undefined;
  #received = 0;
  #first: number | null = null;
  #highest: number | null = null;
  /** Missing ranges [from, to] inclusive, sorted, disjoint. */
  #holes: Array<[number, number]> = [];
  #missing = 0;
  #outOfOrder = 0;
  #duplicates = 0;
  #lastAt: number | null = null;
  #maxGap = 0;
  #stalls = 0;
  #lat: number[] = [];
  #latPos = 0;
  #latMax: number | null = null;

  /** `expectedIntervalMs` (e.g. 10 for audio frames, 66 for 15 fps video) enables the `stalls` count. */
  constructor(opts: { expectedIntervalMs?: number } = {}) {
    const e = opts.expectedIntervalMs;
    if (e !== undefined && !(e > 0)) throw new RangeError(`expectedIntervalMs "${e}" is not positive`);
    this.#expected = e;
  }

  /**
   * Records one reception: `seq` a non-negative integer, `sentAtMs` the sender's Date.now() (full or low
   * 32 bits) or null, `nowMs` the receiver's Date.now().
   */
  observe(seq: number, sentAtMs: number | null, nowMs: number): void {
    if (!Number.isInteger(seq) || seq < 0) {
      throw new RangeError(`Sequence number "${seq}" is not a non-negative integer`);
    }
    if (!Number.isFinite(nowMs)) throw new RangeError(`nowMs "${nowMs}" is not a finite number`);
    this.#received++;
    if (this.#lastAt !== null) {
      const dt = nowMs - this.#lastAt;
      if (dt > this.#maxGap) this.#maxGap = dt;
      if (this.#expected !== undefined && dt > 3 * this.#expected) this.#stalls++;
    }
    this.#lastAt = nowMs;
    if (sentAtMs !== null) {
      // SPEC §11.3: sender and receiver share a clock; latency is computed modulo 2^32.
      const l = latency32(sentAtMs, nowMs);
      if (this.#lat.length < LATENCY_WINDOW) this.#lat.push(l);
      else this.#lat[this.#latPos] = l;
      this.#latPos = (this.#latPos + 1) % LATENCY_WINDOW;
      if (this.#latMax === null || l > this.#latMax) this.#latMax = l;
    }
    if (this.#highest === null || this.#first === null) {
      this.#first = this.#highest = seq;
      return;
    }
    if (seq > this.#highest) {
      if (seq > this.#highest + 1) {
        this.#holes.push([this.#highest + 1, seq - 1]);
        this.#missing += seq - this.#highest - 1;
      }
      this.#highest = seq;
      return;
    }
    if (seq === this.#highest) {
      this.#duplicates++;
      return;
    }
    if (seq < this.#first) {
      this.#outOfOrder++; // older than anything tracked: late, never counted as missing
      return;
    }
    if (this.#fill(seq)) this.#outOfOrder++;
    else this.#duplicates++;
  }

  /** Removes `seq` from the missing ranges; false when it was not missing (a duplicate). */
  #fill(seq: number): boolean {
    let lo = 0;
    let hi = this.#holes.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = this.#holes[mid]!;
      if (seq < a) hi = mid - 1;
      else if (seq > b) lo = mid + 1;
      else {
        const parts: Array<[number, number]> = [];
        if (a <= seq - 1) parts.push([a, seq - 1]);
        if (seq + 1 <= b) parts.push([seq + 1, b]);
        this.#holes.splice(mid, 1, ...parts);
        this.#missing--;
        return true;
      }
    }
    return false;
  }

  /** A snapshot of the counters. */
  stats(): ContinuityStats {
    let p50: number | null = null;
    if (this.#lat.length > 0) {
      const sorted = [...this.#lat].sort((a, b) => a - b);
      p50 = sorted[Math.floor((sorted.length - 1) / 2)]!;
    }
    return {
      received: this.#received,
      gaps: this.#holes.length,
      missing: this.#missing,
      maxGapMs: this.#maxGap,
      latencyMs: { p50, max: this.#latMax },
      lastSeq: this.#highest,
      outOfOrder: this.#outOfOrder,
      duplicates: this.#duplicates,
      stalls: this.#stalls,
    };
  }
}
