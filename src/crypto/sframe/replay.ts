/**
 * The receiver's replay window (SPEC §13.5): per KID, the highest CTR accepted and a bitmap of the `size` CTRs
 * below it. A CTR is new if it is above the highest, or inside the window and not yet seen. The window moves only
 * when a frame has authenticated (`accept`), so a forged frame cannot push it forward. Pure.
 */
import { SFrameRangeError } from "./errors.ts";

/** CTRs the window remembers below the highest accepted one (SPEC §13.5). */
export const DEFAULT_REPLAY_WINDOW = 128;

/** A sliding replay window over 64-bit CTRs. */
export class ReplayWindow {
  #top: bigint | null = null;
  #seen = 0n; // bit i set: CTR (top − i) was accepted
  readonly #size: bigint;

  /** @throws SFrameRangeError when `size` is not an integer in 1..65536 */
  constructor(readonly size: number = DEFAULT_REPLAY_WINDOW) {
    if (!Number.isInteger(size) || size < 1 || size > 65536) {
      throw new SFrameRangeError("SFRAME_BAD_INPUT", `Replay window size out of range: "${size}"`);
    }
    this.#size = BigInt(size);
  }

  /** True when `ctr` may be accepted: never seen, and not older than the window. */
  check(ctr: bigint): boolean {
    if (this.#top === null || ctr > this.#top) return true;
    const back = this.#top - ctr;
    // SPEC §13.5: a CTR older than the window is dropped as a replay
    if (back >= this.#size) return false;
    return ((this.#seen >> back) & 1n) === 0n;
  }

  /** Records `ctr` as accepted; call only after `check(ctr)` and a successful authentication. */
  accept(ctr: bigint): void {
    const mask = (1n << this.#size) - 1n;
    if (this.#top === null) {
      this.#top = ctr;
      this.#seen = 1n;
    } else if (ctr > this.#top) {
      const shift = ctr - this.#top;
      this.#seen = shift >= this.#size ? 1n : ((this.#seen << shift) | 1n) & mask;
      this.#top = ctr;
    } else {
      this.#seen |= 1n << (this.#top - ctr);
    }
  }
}
