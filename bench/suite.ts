/**
 * bench/suite: the whole conformance suite against the embedded reference, once with `--jobs 1` and once with the
 * default jobs: wall time, CPU time of the run (the runner, its service and every adapter), per-area breakdown
 * (case id before the first dot), the slowest ten cases, and where case time goes (adapter start-up vs calls),
 * read from the run's `--report json:` file. Target: ≤ 60 s on 2 cores.
 * `--variants` runs the selection with the default jobs three times instead, in one sequence: without the bundled
 * CLI and without adapter reuse (SHIELDCALL_NO_BUNDLE=1 SHIELDCALL_NO_REUSE=1, start-up as without them), with the
 * bundle only, and with both (the default), so their ratios come from one run on the same machine.
 *
 * Run alone: node --import tsx bench/suite.ts [--quick] [--case GLOB[,GLOB…]] [--tag T[,T…]] [--jobs N]
 * [--variants]
 *   [--json] [--no-write]
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatSuite } from "./_format.ts";
import { selfCommand } from "../src/driver/mod.ts";
import { machine } from "./_machine.ts";
import { flags, progress, writeResult } from "./_results.ts";
import { round, summarize, type Summary } from "./_stats.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Cases the quick mode runs (a sample of areas; the full run takes minutes). */
const QUICK_CASES = ["verify.honest-equal", "verify.mitm-differs", "opt-in.caller.uc-on.uc-on"];
const TARGET_S = 60;

interface ReportCase {
  id: string;
  verdict: string;
  reason?: string | null;
  durationMs: number;
  evidence?: { timings?: Record<string, number> };
}
interface Report {
  durationMs: number;
  options: { jobs: number };
  sanity: { before: { durationMs: number } | null; after: { durationMs: number } | null };
  cases: ReportCase[];
  summary: Record<string, unknown>;
  exitCode: number;
}

/** One conformance run. */
export interface SuiteRun {
  jobs: number;
  /**
   * "default", or the start-up variant (`--variants`): "tsx, fresh adapters" / "bundle, fresh adapters" / "bundle,
   * reuse".
   */
  variant: string;
  wallS: number;
  /** CPU seconds of the run and all its descendants (user + system). */
  cpuS: number;
  /** cpuS / cores: the wall time the run needs at least, even on an otherwise idle machine (noise-robust). */
  cpuBoundS: number;
  /** 1-minute load average when the run ended (other work on the machine inflates wallS). */
  loadAvg1End: number;
  exitCode: number | null;
  cases: number;
  verdicts: Record<string, number>;
  sanityMs: { before: number | null; after: number | null };
  areas: { area: string; cases: number; totalS: number; durationMs: Summary }[];
  slowest: { id: string; durationMs: number; verdict: string }[];
  /**
   * Every case that did not pass, with its verdict and reason (e.g. which adapter crashed), so a run can be read later.
   */
  notPassed: { id: string; verdict: string; reason: string | null }[];
  /** Sum of case durations / (wall × jobs): how busy the job slots were. */
  slotUse: number | null;
  /**
   * Where case time goes, from the harness's timings (start:* = adapter start, hello + configure; call:* = calls).
   * adapterStartShare = sum of start times / sum of case durations; above 1 when cases start adapters in parallel.
   */
  time: {
    caseS: number;
    adapterStarts: number;
    adapterStartS: number;
    adapterStartMs: Summary;
    callS: number;
    adapterStartShare: number | null;
    /** Parties served by a reset adapter from an earlier case (SPEC §7 reset), and their hello + configure times. */
    adapterReuses: number;
    adapterReuseMs: Summary;
  };
}

/** Result of bench/suite. */
export interface SuiteResult {
  bench: "suite";
  machine: ReturnType<typeof machine>;
  setup: string;
  selection: string[];
  runs: SuiteRun[];
  target: { seconds: number; met: boolean | null };
}

/** CPU seconds of this process's reaped descendants (cutime + cstime in /proc/self/stat). */
function childrenCpuS(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(rest[13]) + Number(rest[14])) / 100;
  } catch {
    return NaN;
  }
}

/** Runs `shieldcall conformance` once and analyses its JSON report. */
async function runOnce(
  jobs: number | null,
  cases: string[],
  tags: string[] = [],
  variant = "default",
  env: Record<string, string> = {},
): Promise<SuiteRun> {
  const dir = mkdtempSync(join(os.tmpdir(), "shieldcall-bench-suite-"));
  const reportPath = join(dir, "report.json");
  const [program, ...argv] = [...selfCommand(), "conformance", "--report", `json:${reportPath}`];
  if (jobs !== null) argv.push("--jobs", String(jobs));
  for (const c of cases) argv.push("--case", c);
  for (const t of tags) argv.push("--tag", t);
  const cpu0 = childrenCpuS();
  const t0 = performance.now();
  const exitCode = await new Promise<number | null>((resolve) => {
    const child = spawn(program!, argv, {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, ...env },
    });
    let err = "";
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (d: string) => {
      err = (err + d).slice(-4000);
      for (const l of d.split("\n")) {
        if (/^\s*(PASS|FAIL|SKIP|ok|not ok|✓|✗)/i.test(l)) progress(`    ${l.trim().slice(0, 100)}`);
      }
    });
    child.on("exit", (code) => {
      if (code !== 0) progress(`    conformance exited ${code}: ${err.slice(-600)}`);
      resolve(code);
    });
  });
  const wallS = (performance.now() - t0) / 1000;
  const cpuS = childrenCpuS() - cpu0;
  let report: Report;
  try {
    report = JSON.parse(readFileSync(reportPath, "utf8")) as Report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const verdicts: Record<string, number> = {};
  const byArea = new Map<string, number[]>();
  let startMs = 0;
  let callMs = 0;
  const starts: number[] = [];
  const reuses: number[] = [];
  for (const c of report.cases) {
    verdicts[c.verdict] = (verdicts[c.verdict] ?? 0) + 1;
    const area = c.id.split(".")[0]!;
    byArea.set(area, [...(byArea.get(area) ?? []), c.durationMs]);
    for (const [k, v] of Object.entries(c.evidence?.timings ?? {})) {
      if (k.startsWith("start:")) {
        startMs += v;
        starts.push(v);
      } else if (k.startsWith("reuse:")) reuses.push(v);
      else if (k.startsWith("call:")) callMs += v;
    }
  }
  const caseMs = report.cases.reduce((s, c) => s + c.durationMs, 0);
  const usedJobs = report.options.jobs;
  return {
    jobs: usedJobs,
    variant,
    wallS: round(wallS, 1),
    cpuS: round(cpuS, 1),
    cpuBoundS: round(cpuS / os.availableParallelism(), 1),
    loadAvg1End: round(os.loadavg()[0]!, 2),
    exitCode,
    cases: report.cases.length,
    verdicts,
    sanityMs: { before: report.sanity.before?.durationMs ?? null, after: report.sanity.after?.durationMs ?? null },
    areas: [...byArea].map(([area, xs]) => ({
      area,
      cases: xs.length,
      totalS: round(xs.reduce((s, x) => s + x, 0) / 1000, 1),
      durationMs: summarize(xs, 0),
    }))
      .sort((a, b) => b.totalS - a.totalS),
    slowest: [...report.cases].sort((a, b) => b.durationMs - a.durationMs).slice(0, 10).map((c) => ({
      id: c.id,
      durationMs: c.durationMs,
      verdict: c.verdict,
    })),
    notPassed: report.cases.filter((c) => c.verdict !== "pass" && c.verdict !== "info")
      .map((c) => ({ id: c.id, verdict: c.verdict, reason: c.reason ? c.reason.slice(0, 500) : null })),
    slotUse: wallS > 0 ? round(caseMs / 1000 / (wallS * usedJobs), 2) : null,
    time: {
      caseS: round(caseMs / 1000, 1),
      adapterStarts: starts.length,
      adapterStartS: round(startMs / 1000, 1),
      adapterStartMs: summarize(starts, 0),
      callS: round(callMs / 1000, 1),
      adapterStartShare: caseMs > 0 ? round(startMs / caseMs, 2) : null,
      adapterReuses: reuses.length,
      adapterReuseMs: summarize(reuses, 0),
    },
  };
}

/** Runs the bench: `--jobs 1`, then the default jobs. */
export async function runSuite(
  opts: { quick: boolean; cases?: string[]; tags?: string[]; jobs?: number; variants?: boolean },
): Promise<SuiteResult> {
  const mach = machine(); // at the start: the load average before this bench added its own
  const tags = opts.tags ?? [];
  const cases = opts.cases ?? (opts.quick && !tags.length ? QUICK_CASES : []);
  const runs: SuiteRun[] = [];
  const plan: { jobs: number | null; variant: string; env: Record<string, string> }[] = opts.variants
    ? [
      {
        jobs: opts.jobs ?? null,
        variant: "tsx, fresh adapters",
        env: { SHIELDCALL_NO_BUNDLE: "1", SHIELDCALL_NO_REUSE: "1" },
      },
      { jobs: opts.jobs ?? null, variant: "bundle, fresh adapters", env: { SHIELDCALL_NO_REUSE: "1" } },
      { jobs: opts.jobs ?? null, variant: "bundle, reuse", env: {} },
    ]
    : opts.jobs !== undefined
    ? [{ jobs: opts.jobs, variant: "default", env: {} }]
    : [{ jobs: 1, variant: "default", env: {} }, { jobs: null, variant: "default", env: {} }];
  const what = cases.length
    ? ` --case ${cases.join(" --case ")}`
    : tags.length
    ? ` --tag ${tags.join(" --tag ")}`
    : " (all cases)";
  for (const { jobs, variant, env } of plan) {
    progress(`  conformance ${jobs === null ? "with the default jobs" : `--jobs ${jobs}`}${what} [${variant}]…`);
    const r = await runOnce(jobs, cases, tags, variant, env);
    progress(`  → ${r.cases} cases in ${r.wallS} s, ${r.cpuS} CPU-s with ${r.jobs} job(s), exit ${r.exitCode}`);
    runs.push(r);
  }
  const def = runs[runs.length - 1]!;
  return {
    bench: "suite",
    machine: mach,
    setup: "`node bin/shieldcall.js conformance --report json:…` as a child process (service and adapters are its " +
      "children); wall time measured around it, CPU from this process's reaped-children times; both runs in " +
      "sequence on the same machine",
    selection: cases.length ? cases : tags.length ? tags.map((t) => `tag:${t}`) : ["(all)"],
    runs,
    target: { seconds: TARGET_S, met: cases.length || tags.length ? null : def.wallS <= TARGET_S },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const f = flags(process.argv.slice(2).filter((a) => a !== "--variants"), ["case", "tag", "jobs"]);
  const cases = typeof f.values.case === "string" ? f.values.case.split(",").filter(Boolean) : undefined;
  const tags = typeof f.values.tag === "string" ? f.values.tag.split(",").filter(Boolean) : undefined;
  const jobs = typeof f.values.jobs === "string" ? Number(f.values.jobs) : undefined;
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) {
    throw new RangeError(`--jobs must be a positive integer: got "${String(f.values.jobs)}"`);
  }
  const variants = process.argv.includes("--variants");
  progress("bench/suite: running the conformance suite…");
  let code = 0;
  try {
    const r = await runSuite({
      quick: f.quick,
      variants,
      ...(cases ? { cases } : {}),
      ...(tags ? { tags } : {}),
      ...(jobs ? { jobs } : {}),
    });
    if (f.write) progress(`wrote ${writeResult("suite", r, f.quick)}`);
    if (f.json) console.log(JSON.stringify(r));
    else for (const l of formatSuite(r)) console.log(l);
  } catch (e) {
    console.error(`bench/suite: ${(e as Error).stack ?? e}`);
    code = 1;
  }
  process.exit(code);
}
