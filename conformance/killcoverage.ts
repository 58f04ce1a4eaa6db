/**
 * What the full kill matrix (SPEC §12.7, `--mutants --kill-all`) proves about the cases: which cases killed which
 * mutants, and every MUST case that killed none, with its reviewed reason when it has one. Pure: no processes.
 */
import type { Level, Verdict } from "./results.ts";

/** The part of a case result the kill rule reads. */
export interface KillEvidence {
  verdict: Verdict;
  reason?: string | null;
  expected?: unknown;
  actual?: unknown;
}

/**
 * SPEC §12.7: a case kills a mutant only when its own assertion failed — verdict `fail` with an expected and an
 * actual value. A precondition failure (its set-up failed before its check ran, SPEC §12.2), a timeout, a crash, an
 * adapter protocol error, a harness error (a `fail` without expected/actual) or a skip is not a kill: a case whose
 * check never ran, or a flaky or broken case, must not pass for one that detects the fault.
 */
export function isKill(r: KillEvidence): boolean {
  return r.verdict === "fail" && (r.expected !== undefined || r.actual !== undefined);
}

/** One case's row of the full matrix. */
export interface CaseCoverage {
  id: string;
  level: Level;
  /** Mutants whose run of this case failed an assertion. */
  kills: string[];
  /** Mutants whose run of this case ended otherwise badly (timeout, crash, adapter error, harness error): no kill. */
  otherFailures: { mutant: string; verdict: Verdict; reason: string | null }[];
}

/** The case side of a full kill matrix. */
export interface KillCoverage {
  cases: CaseCoverage[];
  /** MUST cases that killed no mutant; `reason` from the reviewed list, or null (then the matrix is not OK). */
  unkilling: { id: string; reason: string | null }[];
  /** Reviewed-list entries for a selected case that now kills a mutant (stale: remove them). */
  staleReviewed: string[];
}

/** Builds the case side of the matrix from every (mutant, case) outcome. */
export function coverage(
  cases: { id: string; level: Level }[],
  outcomes: { mutant: string; caseId: string; r: KillEvidence }[],
  reviewed: Record<string, string>,
): KillCoverage {
  const rows = new Map<string, CaseCoverage>(
    cases.map((c) => [c.id, { id: c.id, level: c.level, kills: [], otherFailures: [] }]),
  );
  for (const o of outcomes) {
    const row = rows.get(o.caseId);
    if (!row) continue;
    if (isKill(o.r)) row.kills.push(o.mutant);
    else if (o.r.verdict !== "pass" && o.r.verdict !== "info") {
      row.otherFailures.push({ mutant: o.mutant, verdict: o.r.verdict, reason: o.r.reason ?? null });
    }
  }
  const all = [...rows.values()];
  const unkilling = all.filter((c) => c.level === "MUST" && c.kills.length === 0).map((c) => ({
    id: c.id,
    reason: reviewed[c.id] ?? null,
  }));
  const staleReviewed = Object.keys(reviewed).filter((id) => (rows.get(id)?.kills.length ?? 0) > 0);
  return { cases: all, unkilling, staleReviewed };
}
