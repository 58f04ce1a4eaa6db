/**
 * One 10 ms media clock shared by every call of a peer process (SPEC §11): a single timer drives the audio and video
 * sources of all calls, so N calls cost one timer, not N. The clock catches up on late timer fires (a shared, noisy
 * machine delays `setInterval`) so audio keeps its real-time rate, but never bursts more than `maxCatchUp` frames.
 */

/** A subscriber: called once per due 10 ms frame with the frame index (process-wide) and the wall clock in ms. */
export type TickHandler = (tick: number, nowMs: number) => void;

/** Options for a MediaTicker. */
export interface MediaTickerOptions {
  /** Frame period in ms (default 10). */
  periodMs?: number;
  /** Most frames emitted for one timer fire after a stall; older ones are skipped (default 10). */
  maxCatchUp?: number;
  /** Wall clock (default Date.now). */
  now?: () => number;
  /** Where subscriber errors are reported (default: ignored). */
  log?: (line: string) => void;
}

/** A shared periodic clock: the timer runs only while at least one subscriber is registered. */
export class MediaTicker {
  readonly periodMs: number;
  #maxCatchUp: number;
  #now: () => number;
  #log: (line: string) => void;
  #subs = new Set<TickHandler>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #start = 0;
  #emitted = 0;

  /** Creates a stopped ticker; it starts with the first subscriber. */
  constructor(opts: MediaTickerOptions = {}) {
    this.periodMs = opts.periodMs ?? 10;
    if (!(this.periodMs > 0)) throw new RangeError(`Invalid tick period: "${this.periodMs}"`);
    this.#maxCatchUp = opts.maxCatchUp ?? 10;
    this.#now = opts.now ?? Date.now;
    this.#log = opts.log ?? (() => {});
  }

  /** Number of registered subscribers. */
  get size(): number {
    return this.#subs.size;
  }

  /** True while the underlying timer is running. */
  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Registers `fn`; returns a function that unregisters it (idempotent). */
  subscribe(fn: TickHandler): () => void {
    this.#subs.add(fn);
    if (this.#timer === undefined) this.#startTimer();
    return () => {
      this.#subs.delete(fn);
      if (this.#subs.size === 0) this.#stopTimer();
    };
  }

  /** Stops the timer and drops every subscriber. */
  stop(): void {
    this.#subs.clear();
    this.#stopTimer();
  }

  #startTimer(): void {
    this.#start = this.#now();
    this.#emitted = 0;
    this.#timer = setInterval(() => this.#fire(), this.periodMs);
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  #fire(): void {
    const now = this.#now();
    const due = Math.floor((now - this.#start) / this.periodMs);
    let count = due - this.#emitted;
    if (count > this.#maxCatchUp) {
      // Too far behind (stalled event loop): skip the backlog rather than burst it.
      this.#emitted = due - this.#maxCatchUp;
      count = this.#maxCatchUp;
    }
    for (let i = 0; i < count; i++) {
      const tick = this.#emitted++;
      for (const fn of [...this.#subs]) {
        try {
          fn(tick, now);
        } catch (e) {
          this.#log(`media ticker: subscriber failed: ${(e as Error)?.message ?? e}`);
        }
      }
    }
  }
}

let shared: MediaTicker | undefined;

/** The process-wide ticker every MediaEngine uses unless given another. */
export function sharedTicker(): MediaTicker {
  shared ??= new MediaTicker();
  return shared;
}
