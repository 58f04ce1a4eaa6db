/**
 * `shieldcall conformance`: runs the conformance suite against an implementation's adapter (default: the embedded
 * reference peer) and writes the reports (SPEC §12). Exit 0 only when every selected MUST case passed; 2 for usage
 * errors, including a selection that matches no case.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname } from "node:path";

/** Options of `shieldcall conformance`. */
export interface ConformanceArgs {
  impl?: string;
  case: string[];
  tag: string[];
  strict: boolean;
  jobs?: number;
  shard?: string;
  repeat: number;
  timeout: number;
  expect?: string;
  report: string[];
  mutants: boolean;
  killAll: boolean;
  mutant: string[];
  list: boolean;
  verbose: boolean;
}

/** Splits a command line into argv: whitespace separates words; single and double quotes group; backslash escapes. */
export function splitCommand(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote: string | null = null;
  let any = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === "\\" && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      any = true;
    } else if (ch === "\\" && i + 1 < s.length) {
      cur += s[++i];
      any = true;
    } else if (/\s/.test(ch)) {
      if (any || cur) out.push(cur);
      cur = "";
      any = false;
    } else {
      cur += ch;
    }
  }
  if (quote) throw new RangeError(`Unterminated ${quote} quote in command "${s}"`);
  if (any || cur) out.push(cur);
  return out;
}

const VERSION = "0.1.0";

/** Runs the suite (or `--mutants`, or `--list`) and resolves with the exit code. */
export async function conformanceCommand(a: ConformanceArgs): Promise<number> {
  const { ALL_CASES } = await import("../../conformance/cases/index.ts");
  const { selectCases, parseShard } = await import("../../conformance/select.ts");
  const { formatProgress, reportConsole, render, writeReportSpec } = await import("../../conformance/reporters/mod.ts");
  const { parseExpectations } = await import("../../conformance/expect.ts");
  const { referenceAdapterCommand } = await import("../driver/mod.ts");

  let shard = null;
  let reports: { format: string; path: string }[];
  let expectations = new Map<string, string>();
  let implCommand: string[];
  try {
    if (a.shard) shard = parseShard(a.shard);
    reports = a.report.map((r) => writeReportSpec(r));
    if (a.expect) expectations = parseExpectations(readFileSync(a.expect, "utf8"));
    implCommand = a.impl ? splitCommand(a.impl) : referenceAdapterCommand();
    if (implCommand.length === 0) throw new RangeError("--impl is empty");
    if (!Number.isInteger(a.repeat) || a.repeat < 1) throw new RangeError("--repeat must be a positive integer");
    if (!(a.timeout > 0)) throw new RangeError("--timeout must be a positive number of seconds");
    if (a.jobs !== undefined && (!Number.isInteger(a.jobs) || a.jobs < 1)) throw new RangeError("--jobs must be a positive integer");
  } catch (e) {
    console.error(`shieldcall conformance: ${(e as Error).message}`);
    return 2;
  }
  const cases = selectCases(ALL_CASES, { globs: a.case, tags: a.tag, strict: a.strict, shard });
  if (cases.length === 0) {
    console.error(`shieldcall conformance: the selection matches no case (of ${ALL_CASES.length}); an empty run is an error, never a pass`);
    return 2;
  }
  if (a.list) {
    for (const c of cases) console.log(`${c.id.padEnd(44)} ${c.level.padEnd(6)} ${c.clause.padEnd(10)} ${c.title}`);
    console.log(`${cases.length} cases`);
    return 0;
  }
  const jobs = a.jobs ?? Math.max(1, Math.min(4, availableParallelism()));
  if (a.mutants) {
    const { mutantsCommand } = await import("./mutants.ts");
    return mutantsCommand({ cases, jobs, timeoutS: a.timeout, reports, killAll: a.killAll, only: a.mutant });
  }

  const { probeAdapter } = await import("../../conformance/probe.ts");
  const { startServiceProcess } = await import("../../conformance/service_proc.ts");
  const { runSuite } = await import("../../conformance/runner.ts");
  const tty = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
  const implLabel = a.impl ?? "shieldcall peer --stdio (embedded reference)";

  console.error(`shieldcall conformance ${VERSION}: ${cases.length} cases against ${implLabel}, ${jobs} job(s)${a.repeat > 1 ? `, ${a.repeat} repeats` : ""}`);
  const probe = await probeAdapter(implCommand);
  if (!probe.ok) {
    console.error(`shieldcall conformance: the adapter failed the compliance probe (SPEC §7):\n${probe.problems.map((p) => `  - ${p}`).join("\n")}`);
    if (probe.stderr) console.error(`adapter stderr:\n${probe.stderr.slice(-2000)}`);
    return 1;
  }
  console.error(`adapter: ${probe.hello!.name} ${probe.hello!.version} (protocol ${probe.hello!.protocol})`);
  const service = await startServiceProcess();
  let run;
  try {
    run = await runSuite({
      cases,
      implCommand,
      implLabel,
      implHello: { name: probe.hello!.name, version: probe.hello!.version },
      refCommand: referenceAdapterCommand(),
      service,
      jobs,
      repeat: a.repeat,
      timeoutS: a.timeout,
      expectations,
      tool: { name: "shieldcall", version: VERSION },
      options: { strict: a.strict, tags: a.tag, cases: a.case, shard: a.shard ?? null, repeat: a.repeat, jobs },
      onProgress: (p) => {
        if (p.verdict === undefined && !tty) return;
        const line = formatProgress(p);
        if (tty) process.stderr.write(`\r\x1b[2K${line}`);
        else console.error(line);
      },
    });
  } finally {
    await service.stop();
  }
  if (tty) process.stderr.write("\n");
  for (const r of reports) {
    mkdirSync(dirname(r.path), { recursive: true });
    writeFileSync(r.path, render(r.format as never, run));
    console.error(`wrote ${r.format} report: ${r.path}`);
  }
  console.log(reportConsole(run, { color: tty, verbose: a.verbose }));
  return run.exitCode;
}
