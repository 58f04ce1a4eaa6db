/**
 * What every report says besides the verdicts (SPEC §12.6): precondition failures grouped by root cause, a pass that
 * holds only thanks to `--expect`, and the suite's own failures (a reference counterpart, the service or the relay
 * failed and the case was run again), which are never the implementation's. Pure: no I/O.
 */
import { preconditionGroups } from "../results.ts";
import type { RunResult } from "../results.ts";

/** "1 case", "2 cases". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** One line per root cause: "an honest E2EE call does not come up: 74 cases (a, b, …)". */
export function preconditionLines(run: RunResult, maxIds = 6): string[] {
  return preconditionGroups(run.cases).map((g) => {
    const ids = g.cases.slice(0, maxIds).join(", ") + (g.cases.length > maxIds ? ", …" : "");
    return `${g.rootCause}: ${plural(g.cases.length, "case")} (${ids})`;
  });
}

/** Set when the run's exit code is 0 only because failing cases are listed as known failures (`--expect`). */
export function expectNote(run: RunResult): string | null {
  const n = run.summary.knownFailures;
  if (n === 0 || run.exitCode !== 0) return null;
  return `passes only thanks to --expect: ${plural(n, "known failure")} listed in the expectations file`;
}

/** The suite's own failures (SPEC §12.4): one line each, naming the case, what failed, and the re-runs. */
export function suiteFailureLines(run: RunResult): string[] {
  return (run.suiteFailures ?? []).map((f) =>
    `${f.caseId}: ${f.detail} (run ${plural(f.reruns, "more time", "more times")})`
  );
}
