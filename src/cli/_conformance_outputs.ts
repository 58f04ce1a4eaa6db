/**
 * What `shieldcall conformance` produces (SPEC §12.5): the run result when the harness failed before any case ran or
 * the run was interrupted, and writing the reports, the expectations file and the console summary.
 */
import { writeFileSync } from "node:fs";
import type { Case } from "../../conformance/case.ts";
import type { RunResult } from "../../conformance/results.ts";
import type { ConformanceArgs } from "./conformance.ts";

/** A run in which no case ran: the harness failed before the first one (probe, service), or it was interrupted. */
export function harnessRun(
  cases: Case[],
  implLabel: string,
  tool: RunResult["tool"],
  options: RunResult["options"],
  seedOf: (id: string) => number,
  a: Pick<ConformanceArgs, "seed">,
  why: { detail?: string; stderr?: string; signal?: string },
): RunResult {
  const now = Date.now();
  const reason = why.signal ? `Not run: the run was interrupted (${why.signal})` : `Not run: ${why.detail}`;
  const results = cases.map((c) => ({
    id: c.id,
    clause: c.clause,
    level: c.level,
    title: c.title,
    requirement: c.requirement,
    tags: c.tags,
    verdict: "not-run" as const,
    reason,
    startedAt: now,
    durationMs: 0,
    evidence: { drivers: [], calls: [], adversary: null, timings: {}, notes: [] },
    known: null,
    repeats: [],
    seed: a.seed ?? seedOf(c.id),
    reproduce: null,
  }));
  return {
    tool,
    implementation: { name: "unknown", version: "unknown", command: implLabel },
    startedAt: now,
    finishedAt: now,
    durationMs: 0,
    options,
    sanity: {
      before: why.signal
        ? null
        : { ok: false, detail: why.detail ?? "", durationMs: 0, ...(why.stderr ? { stderr: why.stderr } : {}) },
      after: null,
    },
    cases: results,
    summary: {
      total: results.length,
      pass: 0,
      fail: 0,
      "precondition-failed": 0,
      timeout: 0,
      crash: 0,
      "adapter-error": 0,
      skip: 0,
      "not-run": results.length,
      info: 0,
      mustFailed: 0,
      knownFailures: 0,
      unexpectedPasses: [],
      unstable: [],
    },
    matrix: [],
    incomplete: why.signal ? { signal: why.signal } : null,
    exitCode: why.signal ? (why.signal === "SIGTERM" ? 143 : 130) : 3,
  };
}

/**
 * Writes every report (each on its own: one that fails does not stop the others), the expectations file and the
 * console summary; resolves with the exit code (3 when an output could not be written, SPEC §12.5).
 */
export async function writeOutputs(
  a: Pick<ConformanceArgs, "verbose" | "writeExpect">,
  reports: { format: string; path: string }[],
  run: RunResult,
  tty: boolean,
  io: { log(s: string): void; error(s: string): void } = console,
): Promise<number> {
  const { render, reportConsole } = await import("../../conformance/reporters/mod.ts");
  const { renderExpectations } = await import("../../conformance/expect.ts");
  const problems: string[] = [];
  const write = (what: string, path: string, text: () => string) => {
    try {
      writeFileSync(path, text());
      io.error(`wrote ${what}: ${path}`);
    } catch (e) {
      problems.push(`Cannot write ${what} "${path}": ${(e as Error).message}`);
    }
  };
  for (const r of reports) write(`${r.format} report`, r.path, () => render(r.format as never, run));
  if (a.writeExpect) write("expectations", a.writeExpect, () => renderExpectations(run));
  io.log(reportConsole(run, { color: tty, verbose: a.verbose }));
  for (const m of problems) io.error(`shieldcall conformance: ${m}`);
  // SPEC §12.5: an output that could not be written is a harness failure (3), unless the run was interrupted.
  return problems.length && !run.incomplete ? Math.max(run.exitCode, 3) : run.exitCode;
}
