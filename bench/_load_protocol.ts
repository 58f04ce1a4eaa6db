/**
 * What bench/load and its worker processes (bench/_load_peer.ts) share: the poll period and the per-side window
 * report. Kept apart so the bench never loads the worker's code.
 */

/** How often the window poller reads the media counters, in ms. */
export const POLL_MS = 20;

/** What the worker reports per call side at the end of the window. */
export interface SideWindow {
  callId: string;
  role: "caller" | "callee";
  state: string;
  /** Longest interval without a new decoded video frame (poll resolution), in ms. */
  videoGapMs: number;
  /** Longest interval without any new video frame, decodable or not (poll resolution), in ms. */
  videoRxGapMs: number;
  /** Longest interval without a new audio sink frame (poll resolution), in ms. */
  audioGapMs: number;
  videoFrames: number;
  videoRxFrames: number;
  audioFrames: number;
  /** Digits of the other side's synthetic speech decoded during the window. */
  newDigits: number;
  /** The CallState's lifetime maxGapMs (exact, but counted from the first frame, set-up included). */
  lifetimeMaxGapMs: number;
  latencyMs: number | null;
}
