/**
 * Console reporter (SPEC §12.6): the final summary printed after a run, and the live progress line.
 * Pure: every string from the implementation under test is made terminal-safe (no ANSI injection).
 */

import { isFailing } from "../results.ts";
import type { CaseResult, RunResult, SanityResult, Verdict } from "../results.ts";
import { exitWhy } from "./_exit.ts";
import { preconditionLines, suiteFailureLines } from "./_notes.ts";
import { AXES, axisShort, matrixGrid, SIDES } from "./_matrix.ts";
import { clock, compact, duration, isKnownFailure, terminalSafe, totalsLine, truncate } from "./_text.ts";

/** Options of the console reporter. */
export interface ConsoleOptions {
  /** Use ANSI colours (the CLI decides from isTTY / NO_COLOR); default false. */
  color?: boolean;
  /** Also list passing and informational cases, requirement text and notes. */
  verbose?: boolean;
}

/** What the runner knows when it redraws the progress line. */
export interface Progress {
  index: number;
  total: number;
  elapsedMs: number;
  failures: number;
  current: string;
  verdict?: Verdict;
}

type Paint = (s: string) => string;

function palette(color: boolean): Record<"red" | "green" | "yellow" | "blue" | "dim" | "bold", Paint> {
  const sgr = (on: string, off: string): Paint => (s) => (color ? `\u001b[${on}m${s}\u001b[${off}m` : s);
  return {
    red: sgr("31", "39"),
    green: sgr("32", "39"),
    yellow: sgr("33", "39"),
    blue: sgr("34", "39"),
    dim: sgr("2", "22"),
    bold: sgr("1", "22"),
  };
}

/** One untrusted string on one line, terminal-safe and cut to `max`. */
function one(s: string | null | undefined, max = 200): string {
  return truncate(terminalSafe(s ?? "", true), max);
}

function sanityLine(label: string, s: SanityResult | null, p: ReturnType<typeof palette>): string {
  if (s === null) return `Sanity ${label}: ${p.yellow("not run")}`;
  const state = s.ok ? p.green("ok") : s.unsupported ? p.yellow("UNSUPPORTED") : p.red("FAILED");
  const head = `Sanity ${label}: ${state} (${duration(s.durationMs)}) ${one(s.detail, 400)}`;
  // The adapters' stderr tail, line by line (never a literal "\n"), so a failed sanity call shows why.
  const tail = (s.stderr ?? "").split("\n").filter((l) => l.trim()).slice(-30).map((l) => p.dim(`  | ${one(l, 240)}`));
  return [head, ...tail].join("\n");
}

function tagOf(c: CaseResult, p: ReturnType<typeof palette>): string {
  if (isKnownFailure(c)) return p.yellow("KNOWN");
  switch (c.verdict) {
    case "fail":
      return p.red("FAIL ");
    case "precondition-failed":
      return p.red("PRECOND");
    case "timeout":
      return p.red("TIMEOUT");
    case "crash":
      return p.red("CRASH");
    case "adapter-error":
      return p.red("ADAPTER-ERROR");
    case "skip":
      return p.yellow("SKIP ");
    case "not-run":
      return p.yellow("NOT-RUN");
    case "info":
      return p.blue("INFO ");
    default:
      return p.green("PASS ");
  }
}

function caseLines(c: CaseResult, idWidth: number, verbose: boolean, p: ReturnType<typeof palette>): string[] {
  const head = `${tagOf(c, p)} ${one(c.id, 80).padEnd(idWidth)}  [${one(c.level)} ${one(c.clause, 40)}]`;
  const parts: string[] = [];
  if (c.reason) parts.push(one(c.reason, 160));
  if (isFailing(c.verdict) && (c.expected !== undefined || c.actual !== undefined)) {
    parts.push(`expected ${one(compact(c.expected, 100))} actual ${one(compact(c.actual, 100))}`);
  }
  if (c.verdict === "info" && c.actual !== undefined) parts.push(`observed ${one(compact(c.actual, 100))}`);
  if (c.known) parts.push(p.dim(`known: ${one(c.known.reason, 120)}`));
  const out = [parts.length ? `${head}  ${parts.join(" — ")}` : head];
  if (c.reproduce) out.push(p.dim(`       reproduce: ${one(c.reproduce, 600)}`));
  if (verbose) {
    out.push(p.dim(`       ${one(c.title, 160)}: ${one(c.requirement, 400)}`));
    for (const n of c.evidence?.notes ?? []) out.push(p.dim(`       note: ${one(n, 300)}`));
  }
  return out;
}

function cellText(verdict: Verdict, expectedE2EE: boolean, p: ReturnType<typeof palette>): string {
  const e = expectedE2EE ? "ON " : "off";
  const v = verdict === "pass"
    ? "ok"
    : verdict === "fail"
    ? "FAIL"
    : verdict === "adapter-error"
    ? "ADERR"
    : verdict === "precondition-failed"
    ? "PRECOND"
    : verdict;
  const paint = verdict === "pass"
    ? p.green
    : isFailing(verdict)
    ? p.red
    : verdict === "skip" || verdict === "not-run"
    ? p.yellow
    : p.blue;
  return `${e} ${paint(v)}` + " ".repeat(Math.max(0, 5 - v.length));
}

/** The opt-in matrix as two small text grids (cell: expected E2EE ON/off and the verdict). */
function matrixLines(run: RunResult, p: ReturnType<typeof palette>): string[] {
  if (run.matrix.length === 0) return [];
  const out = [
    "",
    p.bold("Opt-in matrix") +
    " (rows: caller policy/setting, columns: callee; cell: expected E2EE, verdict; dis = disabled, uc = " +
    "userControlled)",
  ];
  for (const side of SIDES) {
    const { grid, extra } = matrixGrid(run.matrix, side);
    if (grid.every((r) => r.every((c) => c === undefined)) && extra.length === 0) continue;
    out.push(`  implementation as ${side}:`);
    out.push("  " + "caller\\callee".padEnd(14) + AXES.map((a) => axisShort(a).padEnd(10)).join("").trimEnd());
    grid.forEach((row, r) => {
      const cells = row.map((c) => (c ? cellText(c.verdict, c.expectedE2EE, p) : "-".padEnd(9)) + " ");
      out.push("  " + axisShort(AXES[r]).padEnd(14) + cells.join("").trimEnd());
    });
    for (const c of extra) out.push(`  (not shown: duplicate or unknown cell from ${one(c.caseId, 80)})`);
  }
  return out;
}

/** The final console summary of a run. */
export function reportConsole(run: RunResult, opts: ConsoleOptions = {}): string {
  const p = palette(opts.color ?? false);
  const verbose = opts.verbose ?? false;
  const out: string[] = [];
  const impl = run.implementation;
  out.push(
    p.bold(
      `${one(run.tool.name)} ${one(run.tool.version)} conformance run against ${one(impl.name)} ${one(impl.version)}`,
    ),
  );
  out.push(p.dim(`command: ${one(impl.command, 300)}`));
  if (run.incomplete) {
    out.push(
      p.red(
        `INCOMPLETE: the run was interrupted (${one(run.incomplete.signal)}); the cases it did not reach are "not run"`,
      ),
    );
  }
  out.push(sanityLine("before", run.sanity.before, p));

  // Cases the run never started for one shared reason (failed sanity call, unsupported adapter, interruption) are
  // summarised in one line instead of one line each.
  const shared = run.cases.filter((c) =>
    c.durationMs === 0 && (c.verdict === "not-run" || c.verdict === "skip") && c.evidence.drivers.length === 0
  );
  const sharedReason = shared.length > 1 && shared.every((c) => c.reason === shared[0]!.reason)
    ? shared[0]!.reason
    : null;
  const listed = run.cases.filter((c) =>
    (verbose || c.verdict !== "pass" && c.verdict !== "info") && !(sharedReason !== null && shared.includes(c))
  );
  if (run.cases.length === 0) out.push(p.red("No case selected: a run that selects no case is an error"));
  if (sharedReason !== null) {
    out.push(
      "",
      p.yellow(
        `${shared.length} cases ${shared[0]!.verdict === "skip" ? "skipped" : "not run"}: ${one(sharedReason, 300)}`,
      ),
    );
  }
  if (listed.length > 0) {
    const idWidth = Math.min(40, Math.max(...listed.map((c) => one(c.id, 80).length)));
    out.push("");
    for (const c of listed) out.push(...caseLines(c, idWidth, verbose, p));
  }

  out.push(...matrixLines(run, p));

  const s = run.summary;
  if (s.unexpectedPasses.length > 0) {
    out.push(
      "",
      p.yellow(
        `Unexpected passes of known failures (${s.unexpectedPasses.length}) — remove them from the expect file:`,
      ),
    );
    for (const id of s.unexpectedPasses) {
      const c = run.cases.find((x) => x.id === id);
      out.push(`  ${one(id, 80)}${c?.known ? p.dim(` (was: ${one(c.known.reason, 120)})`) : ""}`);
    }
  }
  if (s.unstable.length > 0) {
    out.push("", p.yellow(`Unstable across repeats (${s.unstable.length}):`));
    for (const id of s.unstable) {
      const c = run.cases.find((x) => x.id === id);
      out.push(`  ${one(id, 80)}${c ? `: ${c.repeats.join(", ")}` : ""}`);
    }
  }

  const pre = preconditionLines(run, 4);
  if (pre.length > 0) {
    out.push("", p.red("Precondition failures by root cause (set-up failed before the case's own check ran):"));
    for (const l of pre) out.push(`  ${one(l, 300)}`);
  }
  const suite = suiteFailureLines(run);
  if (suite.length > 0) {
    out.push("", p.yellow(`Suite failures, not the implementation's (${suite.length}; each case was run again):`));
    for (const l of suite) out.push(`  ${one(l, 300)}`);
  }
  out.push("", sanityLine("after", run.sanity.after, p));
  const known = s.knownFailures > 0 ? `, ${s.knownFailures} known failure${s.knownFailures === 1 ? "" : "s"}` : "";
  const totals = totalsLine(s) + known + ` in ${duration(run.durationMs)}`;
  out.push(s.mustFailed > 0 || run.exitCode !== 0 ? p.red(totals) : p.green(totals));
  out.push(
    run.exitCode === 0 ? p.green(`Exit code 0: ${exitWhy(run)}`) : p.red(`Exit code ${run.exitCode}: ${exitWhy(run)}`),
  );
  return out.join("\n") + "\n";
}

/** The live progress line, e.g. `[ 12/118] 00:14 fail=1  verify.mitm-differs … pass`. */
export function formatProgress(p: Progress): string {
  const total = Math.max(0, Math.floor(p.total));
  const index = Math.max(0, Math.floor(p.index));
  const idx = String(index).padStart(String(total).length);
  const tail = p.verdict ? ` ${p.verdict}` : "";
  return `[${idx}/${total}] ${clock(p.elapsedMs)} fail=${Math.max(0, Math.floor(p.failures))}  ${
    one(p.current, 80)
  } …${tail}`;
}
