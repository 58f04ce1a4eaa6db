/**
 * Adapter reuse across cases (SPEC §7 `reset`): starting an adapter process cost 75–82 % of the suite's case time.
 * A case leases its parties from the pool; at the end of the case the harness asks each adapter to `reset` and gives
 * it back. Only an adapter whose `hello` listed `reset`, that is alive, broke no protocol rule, was not killed at a
 * case timeout and answered `reset` in time is reused; every other one is shut down as before, so an implementation
 * without `reset` gets a fresh process per case. Reuse is per command (the implementation, the reference, each
 * mutant), at most MAX_LEASES cases per process, and at most MAX_IDLE idle processes in all (oldest shut down
 * first); an idle process is shut down after IDLE_MS. SHIELDCALL_NO_REUSE=1 turns reuse off.
 */
import { DriverClient, Party } from "../src/driver/mod.ts";

/**
 * Cases one adapter process may serve before it is retired (bounds transcript growth and leaks). node-webrtc
 * processes that had run many calls segfaulted mid-call now and then (3 in ~700 case runs at 40 cases per process,
 * docs/node-webrtc.md), fresh ones did not: a process now serves at most 8 cases, which keeps most of reuse's gain
 * (a start costs ~0.9 CPU-s, a reuse ~10 ms).
 */
export const MAX_LEASES = 8;
/** Idle adapter processes kept in all (about 150 MiB each; a case with four parties on each of two jobs needs 8). */
export const MAX_IDLE = 10;
/** An idle adapter process is shut down after this long, in ms. */
export const IDLE_MS = 30_000;
/** Bound on an adapter's `reset`, in ms. */
export const RESET_TIMEOUT_MS = 10_000;

interface Idle {
  key: string;
  client: DriverClient;
  leases: number;
  since: number;
}

/** Where a leased party's evidence starts in its (possibly reused) adapter's transcript and stderr. */
export interface Lease {
  party: Party;
  /** How many cases this process served before this one (0: freshly started). */
  reused: number;
  transcriptFrom: number;
  stderrFrom: number;
}

/** A pool of reset adapters, keyed by command line. */
export class AdapterPool {
  readonly #idle: Idle[] = [];
  readonly #leases = new Map<DriverClient, number>();
  readonly #enabled: boolean;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Counters for reports and the bench: processes started, leases served from the pool, resets that failed. */
  readonly stats = { started: 0, reused: 0, resetFailed: 0, notResettable: 0 };

  constructor(opts: { enabled?: boolean } = {}) {
    this.#enabled = opts.enabled ??
      (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.SHIELDCALL_NO_REUSE !==
        "1";
  }

  /** A party for `command`: a reset idle adapter when there is one, else a new process. */
  lease(label: string, command: string[], opts: { timeoutMs?: number; env?: Record<string, string> } = {}): Lease {
    const key = command.join("\u0000");
    for (let i = this.#idle.length - 1; i >= 0; i--) {
      const it = this.#idle[i]!;
      if (it.key !== key) continue;
      this.#idle.splice(i, 1);
      if (it.client.exitStatus || it.client.violation) continue; // died while idle: drop it
      this.stats.reused++;
      const party = new Party(label, command, { ...opts, client: it.client });
      return {
        party,
        reused: it.leases,
        transcriptFrom: it.client.transcript.length,
        stderrFrom: it.client.stderr.length,
      };
    }
    this.stats.started++;
    const party = new Party(label, command, opts);
    this.#leases.set(party.client, 0);
    return { party, reused: 0, transcriptFrom: 0, stderrFrom: 0 };
  }

  /**
   * Ends a lease: resets the adapter and keeps it when it may be reused (`reusable`: the case did not time out or
   * see the adapter misbehave), else shuts it down. Never throws.
   */
  async release(party: Party, reusable: boolean): Promise<void> {
    party.detach();
    const client = party.client;
    const served = (this.#leases.get(client) ?? 0) + 1;
    this.#leases.set(client, served);
    const keep = this.#enabled && reusable && party.resettable && !client.exitStatus && !client.violation &&
      served < MAX_LEASES &&
      client.transcript.length < 4000 && client.stderr.length < 500_000;
    if (!party.resettable && party.hello) this.stats.notResettable++;
    if (keep) {
      try {
        await party.reset(RESET_TIMEOUT_MS);
        this.#park({ key: party.command.join("\u0000"), client, leases: served, since: Date.now() });
        return;
      } catch {
        this.stats.resetFailed++;
      }
    }
    this.#leases.delete(client);
    await client.stop().catch(() => {});
  }

  /** Shuts every idle adapter down. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    const all = this.#idle.splice(0);
    await Promise.all(all.map((it) => this.#retire(it)));
  }

  /** Idle adapters right now (for tests). */
  get idle(): number {
    return this.#idle.length;
  }

  #park(it: Idle): void {
    this.#idle.push(it);
    while (this.#idle.length > MAX_IDLE) void this.#retire(this.#idle.shift()!);
    if (!this.#timer) {
      this.#timer = setInterval(() => {
        const now = Date.now();
        for (let i = this.#idle.length - 1; i >= 0; i--) {
          if (now - this.#idle[i]!.since > IDLE_MS) void this.#retire(this.#idle.splice(i, 1)[0]!);
        }
        if (this.#idle.length === 0) {
          clearInterval(this.#timer);
          this.#timer = undefined;
        }
      }, 1000);
      (this.#timer as { unref?: () => void }).unref?.();
    }
  }

  async #retire(it: Idle): Promise<void> {
    this.#leases.delete(it.client);
    await it.client.stop().catch(() => {});
  }
}

/** The pool every harness of this process uses unless given another (the runner closes it at the end of a run). */
export const adapterPool = new AdapterPool();
