/**
 * Why a run ended with its exit code (SPEC §12.5), in the words every report uses.
 */
import type { RunResult } from "../results.ts";

/** One sentence: what the exit code of `run` means for this run. */
export function exitWhy(run: RunResult): string {
  const s = run.summary;
  if (run.incomplete) return `the run was interrupted (${run.incomplete.signal}) and is incomplete`;
  // SPEC §12.5: cases of a profile the adapter does not declare (§7) are skipped and named, never hidden
  const p = s.profileSkipped ?? 0;
  const notDeclared = p === 0
    ? ""
    : ` (${p} case${p === 1 ? "" : "s"} of a profile the adapter does not declare skipped)`;
  if (run.exitCode === 0) {
    const known = s.knownFailures;
    return known === 0
      ? `every selected MUST case passed${notDeclared}`
      : `every selected MUST case passed except ${
        known === 1 ? "1 known failure" : `${known} known failures`
      }${notDeclared}: the run passes only thanks to --expect`;
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
  } else if (s.skip - p > 0) {
    parts.push(`${s.skip - p} case${s.skip - p === 1 ? "" : "s"} skipped (a skipped MUST case is not a pass)`);
  }
  if (p > 0) parts.push(notDeclared.slice(2, -1));
  if (p > 0 && p === s.total) parts.push("no selected case applies to the implementation, so nothing was tested");
  if (s.unexpectedPasses.length > 0) {
    parts.push(`${s.unexpectedPasses.length} known failure${s.unexpectedPasses.length === 1 ? "" : "s"} passed`);
  }
  if (s.unstable.length > 0) {
    parts.push(`${s.unstable.length} case${s.unstable.length === 1 ? "" : "s"} unstable across repeats`);
  }
  return parts.length ? parts.join("; ") : "the run did not pass";
}
