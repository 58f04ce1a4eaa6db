/**
 * How the runner turns what a case threw into a verdict (SPEC §12.2), and what it can tell from the driver
 * transcripts: which request was pending when a case timed out or an adapter exited, and which method an adapter
 * answered as unsupported.
 */
import { CaseFailure, CaseInfo, CaseSkip, PreconditionFailed } from "./case.ts";
import type { Evidence, Verdict } from "./results.ts";

/** The case ran out of time (`--timeout`). */
export class CaseTimeout extends Error {}

/** The run was interrupted (SIGINT/SIGTERM) while the case ran. */
export class CaseInterrupted extends Error {}

/** A request an adapter had not answered. */
export interface PendingRequest {
  role: string;
  method: string;
  /** How long it had been waiting, in ms, at `now`. */
  waitedMs: number;
}

/** Requests sent to each adapter that have no response in its transcript. */
export function pendingRequests(ev: Evidence, now = Date.now()): PendingRequest[] {
  const out: PendingRequest[] = [];
  for (const d of ev.drivers) {
    const sent = new Map<string, { method: string; at: number }>();
    for (const t of d.transcript) {
      let m: { id?: unknown; method?: unknown } | null = null;
      try {
        m = JSON.parse(t.line) as { id?: unknown; method?: unknown };
      } catch {
        continue;
      }
      if (m === null || typeof m !== "object" || m.id === undefined || m.id === null) continue;
      const key = JSON.stringify(m.id);
      if (t.dir === "->" && typeof m.method === "string") sent.set(key, { method: m.method, at: t.at });
      else if (t.dir === "<-") sent.delete(key);
    }
    // `shutdown` is what the harness sends when it stops adapters after the case; it is never the cause.
    for (const s of sent.values()) {
      if (s.method !== "shutdown") out.push({ role: d.role, method: s.method, waitedMs: now - s.at });
    }
  }
  return out;
}

/** "impl:a \"call.state\" (waiting 12.0 s)" for each pending request, or a note that none was pending. */
export function describePending(p: PendingRequest[]): string {
  if (p.length === 0) return "no driver request was pending";
  return `pending: ${p.map((x) => `${x.role} "${x.method}" (waiting ${(x.waitedMs / 1000).toFixed(1)} s)`).join(", ")}`;
}

/** The method of the last request an adapter answered with -32601 (unsupported), if any. */
export function unsupportedMethod(ev: Evidence, rolePrefix = "impl:"): string | null {
  let found: string | null = null;
  for (const d of ev.drivers) {
    if (!d.role.startsWith(rolePrefix)) continue;
    const sent = new Map<string, string>();
    for (const t of d.transcript) {
      try {
        const m = JSON.parse(t.line) as { id?: unknown; method?: unknown; error?: { code?: unknown } };
        if (t.dir === "->" && typeof m.method === "string") sent.set(JSON.stringify(m.id), m.method);
        else if (t.dir === "<-" && m.error?.code === -32601) found = sent.get(JSON.stringify(m.id)) ?? found;
      } catch {
        // not JSON: not a response
      }
    }
  }
  return found;
}

/** A verdict with its reason and, for `fail`, expected and actual. */
export interface Outcome {
  verdict: Verdict;
  reason: string | null;
  expected?: unknown;
  actual?: unknown;
  rootCause?: string;
}

/**
 * The verdict for what a case threw (SPEC §12.2). An error with code ADAPTER_PROTOCOL (the driver client found a
 * SPEC §7 violation) is `adapter-error`; a request the adapter never answered is `timeout`; DRIVER_UNSUPPORTED is
 * `skip`; anything else that is not a CaseSkip / CaseInfo / CaseFailure is `fail`.
 */
export function outcomeOf(e: unknown, timeoutS: number): Outcome {
  if (e instanceof CaseInterrupted) return { verdict: "not-run", reason: e.message };
  if (e instanceof CaseTimeout) return { verdict: "timeout", reason: `Timed out after ${timeoutS} s` };
  if (e instanceof CaseSkip) return { verdict: "skip", reason: e.message };
  if (e instanceof CaseInfo) return { verdict: "info", reason: e.message };
  if (e instanceof PreconditionFailed) {
    const o: Outcome = { verdict: "precondition-failed", reason: e.message, rootCause: e.rootCause };
    if (e.expected !== undefined) o.expected = e.expected;
    if (e.actual !== undefined) o.actual = e.actual;
    return o;
  }
  if (e instanceof CaseFailure) {
    const o: Outcome = { verdict: "fail", reason: e.message };
    if (e.expected !== undefined) o.expected = e.expected;
    if (e.actual !== undefined) o.actual = e.actual;
    return o;
  }
  const err = e as { code?: unknown; message?: unknown; detail?: { pending?: unknown } } | null;
  const msg = typeof err?.message === "string" ? err.message : String(e);
  if (err?.code === "ADAPTER_PROTOCOL") return { verdict: "adapter-error", reason: msg };
  // Party.until(): the adapter answered every poll but the state the case requires never came — a failed
  // expectation with the last state as the actual value (a kill in the mutant matrix, SPEC §12.7).
  const waited = err?.detail as { waitingFor?: unknown; last?: unknown } | undefined;
  if (typeof waited?.waitingFor === "string") {
    return { verdict: "fail", reason: msg, expected: waited.waitingFor, actual: waited.last ?? null };
  }
  if (err?.code === "DRIVER_UNSUPPORTED") {
    return { verdict: "skip", reason: `The adapter does not support a method this case needs: ${msg}` };
  }
  if (err?.detail?.pending === true || /^Adapter did not answer "/.test(msg)) {
    return { verdict: "timeout", reason: msg };
  }
  return { verdict: "fail", reason: msg };
}
