/**
 * What bench/load reports: the figures of each step and of the run, and the set-up sentence printed with them.
 */
import type { machine } from "./_machine.ts";
import type { Summary } from "./_stats.ts";
import { POLL_MS } from "./_load_protocol.ts";

export type Mode = "e2ee" | "standard";

/** Figures of one step (one K in one mode). */
export interface LoadStep {
  mode: Mode;
  k: number;
  /** Calls the service refused with SERVICE_BUSY under --max-calls (SPEC §2.5 S3); the figures cover the others. */
  refused: number;
  /** 1, or 2 when the step re-ran to confirm a limit. */
  attempt: number;
  ok: boolean;
  /** Why this step is the limit (gap over 200 ms, a failure), or null. */
  limit: string | null;
  setupS: number | null;
  windowS: number;
  gaps: {
    worstVideoMs: number | null;
    worstVideoRxMs: number | null;
    worstAudioMs: number | null;
    videoMs: Summary;
    worstLifetimeVideoMs: number | null;
    worstReceivers: {
      callId: string;
      role: string;
      videoGapMs: number;
      videoRxGapMs: number;
      audioGapMs: number;
      videoFrames: number;
      videoRxFrames: number;
    }[];
  };
  media: {
    minVideoFrames: number | null;
    minVideoRxFrames: number | null;
    expectedVideoFrames: number;
    minNewDigits: number | null;
    latencyMs: Summary;
  };
  loopDelayMaxMs: number[];
  cpu: {
    servicePct: number | null;
    processorWorkersPct: (number | null)[];
    workersPct: (number | null)[];
    benchPct: number | null;
    totalPct: number;
    perCallPct: number;
  };
  rss: {
    idle: { serviceMiB: number | null; workersMiB: (number | null)[] };
    end: { serviceMiB: number | null; workersMiB: (number | null)[] };
    totalIdleMiB: number;
    totalEndMiB: number;
    perCallMiB: number;
    servicePerCallMiB: number | null;
  };
  threads: { service: number | null; workers: (number | null)[] };
  /** process.memoryUsage() of each worker at the end of the window, MiB (how much of RSS is JS heap and buffers). */
  workerMemoryMiB: Record<string, number>[];
  loadAvg1: number;
  /** The 1-minute load average exceeded the core count at the end of the step: other work competed for the CPU. */
  busyMachine: boolean;
  pollCpuMs: number;
  errors: string[];
}

/** Result of bench/load. */
export interface LoadResult {
  bench: "load";
  machine: ReturnType<typeof machine>;
  setup: string;
  gapLimitMs: number;
  steps: LoadStep[];
  /** Largest K with no gap over 200 ms and no failure, per mode (null: even the first step failed). */
  maxK: Record<Mode, number | null>;
  /** The mode hit no limit before the cap: maxK is a lower bound. */
  capped: Record<Mode, boolean>;
  /**
   * CPU ceiling per mode: 100 × cores / CPU % per call at the first step — the K at which the calls alone would use
   * every core. An upper bound derived from CPU, not a measured gap-free K; robust to outside load, unlike maxK.
   */
  cpuCeilingK: Record<Mode, number | null>;
}

/** How the run was made, for the result file and the table. */
export function setupText(procs: number, settleMs: number, windowS: number, confirm: boolean): string {
  return `Service in its own process (shieldcall serve: signaling, relay, processor); 2K reference peers in ${procs} ` +
    "worker processes (caller and callee of a call in different workers); fresh processes per step; calls placed at " +
    `once, then ${settleMs / 1000} s settle, then a ${windowS} s window. Gaps: the longest time a receiver saw no ` +
    "new decoded video frame (sent at ~14 fps) or audio sink frame (100/s), polled every " +
    `${POLL_MS} ms inside each worker. CPU: /proc/<pid>/stat over the window, % of one core. RSS: VmRSS (max of ` +
    "samples every 2 s), per call = (end − idle) / K." +
    (confirm
      ? " A step over the limit is re-run once; it is the limit only when the re-run is over it too (both kept, the " +
        "re-run marked K')."
      : "");
}
