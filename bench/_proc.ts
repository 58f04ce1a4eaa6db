/**
 * Per-process resource readings from /proc (Linux): resident memory and CPU time of any pid, so the load bench can
 * report the service and every peer process separately.
 */
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const TICKS_PER_S = 100;

/** VmRSS of `pid` in MiB, or null when the process is gone or /proc is unavailable. */
export function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : null;
  } catch {
    return null;
  }
}

/** User + system CPU time of `pid` (all its threads) in ms, or null when unavailable. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start at field 3.
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    return ((utime + stime) * 1000) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/**
 * Pids of the direct children of `pid` (e.g. the service's media processor workers), from /proc; [] when unavailable.
 */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Number of threads of `pid`, or null. */
export function threads(pid: number): number | null {
  try {
    const m = /Threads:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** CPU use of a set of processes between two readings, in % of one core. */
export class CpuMeter {
  #start = new Map<number, number>();
  #t0 = 0;

  /** Starts measuring `pids` now. */
  start(pids: number[]): void {
    this.#t0 = performance.now();
    this.#start.clear();
    for (const p of pids) {
      const c = cpuMs(p);
      if (c !== null) this.#start.set(p, c);
    }
  }

  /** % of one core used by each pid since start(). */
  read(): Map<number, number> {
    const wall = performance.now() - this.#t0;
    const out = new Map<number, number>();
    for (const [p, c0] of this.#start) {
      const c = cpuMs(p);
      if (c !== null && wall > 0) out.set(p, Math.round(((c - c0) / wall) * 1000) / 10);
    }
    return out;
  }
}
