/**
 * Why a run ended with its exit code (SPEC §12.5), in the words every report uses.
 */
import type { RunResult } from "../results.ts";

/** One sentence: what the exit code of `run` means for this run. */
export function exitWhy(run: RunResult): string {
  const s = run.summary;
  if (run.incomplete) return `the run was interrupted (${run.incomplete.signal}) and is incomplete`;
  if (run.exitCode === 0) {
    const known = s.knownFailures;
    return known === 0
      ? "every selected MUST case passed"
      : `every selected MUST case passed except ${
        known === 1 ? "1 known failure" : `${known} known failures`
      }: the run passes only thanks to --expect`;
  }
  if (run.exitCode === 3) {
    const b = run.sanity.before;
    return b && !b.ok && !b.unsupported
      ? "the sanity call before the run failed; no case ran"
      : "the harness failed (a sanity call failed)";
  }
  const parts: string[] = [];
  if (s.mustFailed > 0) parts.push(`${s.mustFailed} MUST case${s.mustFailed === 1 ? "" : "s"} failed`);
  const unsupported = run.sanity.before?.unsupported;
  if (unsupported) {
    parts.push(`the adapter answered "${unsupported}" as unsupported, so cases were skipped as unsupported`);
  } else if (s.skip > 0) {
    parts.push(`${s.skip} case${s.skip === 1 ? "" : "s"} skipped (a skipped MUST case is not a pass)`);
  }
  if (s.unexpectedPasses.length > 0) {
    parts.push(`${s.unexpectedPasses.length} known failure${s.unexpectedPasses.length === 1 ? "" : "s"} passed`);
  }
  if (s.unstable.length > 0) {
    parts.push(`${s.unstable.length} case${s.unstable.length === 1 ? "" : "s"} unstable across repeats`);
  }
  return parts.length ? parts.join("; ") : "the run did not pass";
}
