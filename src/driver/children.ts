/**
 * Every child process the suite starts (adapters, the service), so that an interrupted run can reap them all. Each
 * child runs in its own process group (spawned `detached`), and is killed as a group: an adapter's own children (a
 * browser, a shell's job) go with it, and no port stays held. Interruption (SIGINT/SIGTERM) is handled by the CLI,
 * which calls `killAllChildren`.
 */

const live = new Map<number, string>();

/** Spawn options that put a child in its own process group, where the platform has them. */
export const GROUP_SPAWN = { detached: process.platform !== "win32" } as const;

/** Registers a running child (its pid leads its process group when spawned with GROUP_SPAWN). */
export function trackChild(pid: number | undefined, label: string): void {
  if (pid !== undefined) live.set(pid, label);
}

/** Forgets a child that exited. */
export function untrackChild(pid: number | undefined): void {
  if (pid !== undefined) live.delete(pid);
}

/**
 * Sends `signal` to the child's whole process group, falling back to the child alone unless `groupOnly` (use that
 * once the child has exited: its pid may be reused, its group id is not while members remain). False if none was there.
 */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals = "SIGKILL", groupOnly = false): boolean {
  if (pid === undefined) return false;
  if (GROUP_SPAWN.detached) {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      // not a group leader (or already gone): try the process itself
    }
  }
  if (groupOnly) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Kills every registered child's process group with `signal`; returns how many were signalled. */
export function killAllChildren(signal: NodeJS.Signals = "SIGKILL"): number {
  let n = 0;
  for (const pid of [...live.keys()]) if (killGroup(pid, signal)) n++;
  return n;
}
