/**
 * The clean reference's crashes in a `--mutants` run (SPEC §12.7): the clean reference is the suite's own baseline,
 * so a MUST case on which it crashed (node-webrtc can die in native code) runs again, at most CLEAN_CRASH_RERUNS
 * times, as a case whose reference counterpart crashed does (§12.4). The run's results then hold the last verdict,
 * and the crash is recorded apart, under `suiteFailures`.
 */
import { isFailing, VERDICTS } from "./results.ts";
import type { RunResult } from "./results.ts";

/** How many times a clean-reference case that crashed runs again. */
export const CLEAN_CRASH_RERUNS = 2;

/** Re-runs the MUST cases of `run` whose verdict is `crash` through `again`, and folds the new verdicts into `run`. */
export async function rerunCrashed(
  run: RunResult,
  again: (ids: string[]) => Promise<RunResult>,
  log: (line: string) => void,
): Promise<void> {
  for (let round = 1; round <= CLEAN_CRASH_RERUNS; round++) {
    const crashed = run.cases.filter((c) => c.level === "MUST" && c.verdict === "crash");
    if (crashed.length === 0) break;
    for (const c of crashed) {
      log(
        `clean reference crashed on ${c.id} (${(c.reason ?? "").slice(0, 160)}); running it again (${round} of ` +
          `${CLEAN_CRASH_RERUNS})`,
      );
      (run.suiteFailures ??= []).push({ caseId: c.id, detail: `the clean reference crashed: ${c.reason}`, reruns: 1 });
    }
    const next = await again(crashed.map((c) => c.id));
    for (const r of next.cases) {
      const i = run.cases.findIndex((c) => c.id === r.id);
      if (i >= 0) run.cases[i] = r;
    }
  }
  const count = (v: string) => run.cases.filter((c) => c.verdict === v).length;
  for (const v of VERDICTS) run.summary[v] = count(v);
  run.summary.mustFailed = run.cases.filter((c) => c.level === "MUST" && isFailing(c.verdict) && !c.known).length;
}
