/**
 * `shieldcall conformance`: runs the conformance suite against an implementation's adapter (default: the embedded
 * reference peer) and writes the reports (SPEC §12). Every option is checked before anything starts (report paths,
 * expectations, selectors, the adapter command). Exit codes (SPEC §12.5): 0 every selected MUST case passed; 1 a case
 * failed; 2 usage; 3 the harness, the adapter probe or a sanity call failed, or a report could not be written;
 * 130 / 143 interrupted by SIGINT / SIGTERM (children reaped, reports written and marked incomplete).
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import type { Case } from "../../conformance/case.ts";
import type { RunResult } from "../../conformance/results.ts";
import { checkWritable, findProgram } from "./_checks.ts";
import { reproduceCommand, splitCommand } from "./_shell.ts";
import { didYouMean } from "./_suggest.ts";
import { VERSION } from "../version.ts";

import { harnessRun, writeOutputs } from "./_conformance_outputs.ts";

export { reproduceCommand, splitCommand, writeOutputs };

/** Options of `shieldcall conformance` (see src/cli/commands.ts for their help text). */
export interface ConformanceArgs {
  impl?: string;
  case: string[];
  skip: string[];
  tag: string[];
  clause: string[];
  strict: boolean;
  jobs?: number;
  shard?: string;
  repeat: number;
  timeout: number;
  seed?: number;
  expect?: string;
  writeExpect?: string;
  rerunFailed?: string;
  report: string[];
  mutants: boolean;
  killAll: boolean;
  killMap?: boolean;
  reprove?: boolean;
  mutant: string[];
  list: boolean;
  listTags: boolean;
  verbose: boolean;
}

class Usage extends Error {}

/** Runs the suite (or `--mutants`, `--list`, `--list-tags`) and resolves with the exit code. */
export async function conformanceCommand(a: ConformanceArgs): Promise<number> {
  const { ALL_CASES } = await import("../../conformance/cases/index.ts");
  const { checkSelectors, parseShard, selectCases, tagCounts } = await import("../../conformance/select.ts");
  const { writeReportSpec } = await import("../../conformance/reporters/mod.ts");
  const { failedIdsFromReport, parseExpectations, todoExpectations, unmatchedExpectations } = await import(
    "../../conformance/expect.ts"
  );
  const { referenceAdapterCommand } = await import("../driver/mod.ts");
  const fail = (m: string): never => {
    throw new Usage(m);
  };

  let shard = null;
  let reports: { format: string; path: string }[] = [];
  let expectations = new Map<string, string>();
  let implCommand: string[] = [];
  let rerunIds: Set<string> | null = null;
  try {
    if (a.listTags) {
      for (const [t, n] of tagCounts(ALL_CASES)) console.log(`${t.padEnd(16)} ${n}`);
      return 0;
    }
    const mutantFlag = a.killAll ? "--kill-all" : a.killMap ? "--kill-map" : a.reprove ? "--reprove" : "--mutant";
    if (!a.mutants && (a.killAll || a.killMap || a.reprove || a.mutant.length > 0)) {
      fail(`${mutantFlag} needs --mutants`);
    }
    if (a.shard) shard = parseShard(a.shard);
    reports = a.report.map((r) => writeReportSpec(r));
    const paths = [...reports.map((r) => r.path), ...(a.writeExpect ? [a.writeExpect] : [])];
    const dup = paths.find((p, i) => paths.indexOf(p) !== i);
    if (dup) fail(`"${dup}" is the path of two outputs`);
    for (const r of reports) {
      const problem = checkWritable(r.path);
      if (problem) fail(`Cannot write the ${r.format} report "${r.path}": ${problem}`);
    }
    if (a.writeExpect) {
      const problem = checkWritable(a.writeExpect);
      if (problem) fail(`Cannot write --write-expect "${a.writeExpect}": ${problem}`);
    }
    const ids = ALL_CASES.map((c) => c.id);
    if (a.expect) {
      expectations = parseExpectations(readText(a.expect, "--expect"));
      // SPEC §12.6: a TODO reason is a file committed unread: a warning, an error under --strict.
      const todo = todoExpectations(expectations);
      if (todo.length) {
        const m = `Expect file "${a.expect}" gives ${todo.length} known failure${
          todo.length === 1 ? "" : "s"
        } a TODO reason (${todo.slice(0, 3).join(", ")}${
          todo.length > 3 ? ", …" : ""
        }): write why each is expected to fail`;
        if (a.strict) fail(`${m} (an error under --strict)`);
        console.error(`shieldcall conformance: warning: ${m}`);
      }
      const unmatched = unmatchedExpectations(expectations, ids);
      if (unmatched.length) {
        fail(
          `Expect file "${a.expect}" lists ${unmatched.map((id) => `"${id}"`).join(", ")}, which match${
            unmatched.length === 1 ? "es" : ""
          } no case${didYouMean(unmatched[0]!, ids)}`,
        );
      }
    }
    if (a.rerunFailed) {
      const failed = failedIdsFromReport(readText(a.rerunFailed, "--rerun-failed"));
      const unknown = failed.filter((id) => !ids.includes(id));
      if (unknown.length) {
        fail(
          `Report "${a.rerunFailed}" names ${
            unknown.map((id) => `"${id}"`).join(", ")
          }, which match no case of this version`,
        );
      }
      if (failed.length === 0) {
        console.error(`shieldcall conformance: every case in "${a.rerunFailed}" passed; nothing to rerun`);
        return 0;
      }
      rerunIds = new Set(failed);
    }
    const problem = checkSelectors(
      ALL_CASES,
      { globs: a.case, tags: a.tag, skip: a.skip, clauses: a.clause },
      didYouMean,
    );
    if (problem) fail(problem);
    // `--impl web`: the web client in Chromium (alias, src/cli/web_peer.ts)
    const alias = a.impl === undefined ? null : (await import("./web_peer.ts")).implAlias(a.impl);
    if (alias) {
      implCommand = alias;
    } else if (a.impl !== undefined) {
      implCommand = splitCommand(a.impl);
      if (implCommand.length === 0) fail("--impl is empty");
      if (!findProgram(implCommand[0]!)) {
        fail(
          `Adapter program "${implCommand[0]}" (from --impl) is not found${
            implCommand[0]!.includes("/") ? "" : " on PATH"
          } or is not executable`,
        );
      }
    } else {
      implCommand = referenceAdapterCommand();
    }
  } catch (e) {
    console.error(`shieldcall conformance: ${(e as Error).message}`);
    return 2;
  }
  // `--impl web` needs a browser: one line before anything starts, exit 3 like any missing harness prerequisite.
  const noBrowser = a.impl === "web" && !a.list ? await (await import("./web_peer.ts")).webPrerequisite() : null;
  if (noBrowser) {
    console.error(`shieldcall conformance: ${noBrowser}`);
    return 3;
  }
  const cases = selectCases(ALL_CASES, {
    globs: a.case,
    tags: a.tag,
    strict: a.strict,
    shard,
    skip: a.skip,
    clauses: a.clause,
    ids: rerunIds,
  });
  if (cases.length === 0) {
    console.error(
      `shieldcall conformance: the selection matches no case (of ${ALL_CASES.length}${
        a.strict ? "" : " MUST cases; SHOULD cases need --strict"
      }); an empty run is an error, never a pass`,
    );
    return 2;
  }
  if (a.list) {
    const w = Math.min(48, Math.max(...cases.map((c) => c.id.length)));
    for (const c of cases) {
      console.log(`${c.id.padEnd(w)}  ${c.clause.padEnd(14)} ${c.level.padEnd(6)} ${c.tags.join(",")}`);
    }
    console.log(`${cases.length} case${cases.length === 1 ? "" : "s"}`);
    return 0;
  }
  const jobs = a.jobs ?? Math.max(1, Math.min(4, availableParallelism()));
  if (a.mutants) {
    const { mutantsCommand } = await import("./mutants.ts");
    return mutantsCommand({
      cases,
      jobs,
      timeoutS: a.timeout,
      reports,
      killAll: a.killAll,
      only: a.mutant,
      ...(a.killMap || a.reprove ? { killMap: a.killMap ? "compute" : "reprove" } : {}),
      wholeSuite: cases.filter((c) => c.level === "MUST").length === ALL_CASES.filter((c) => c.level === "MUST").length,
    });
  }
  return runAndReport(a, { cases, reports, expectations, implCommand, jobs, refCommand: referenceAdapterCommand() });
}

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as { code?: string }).code;
    throw new Usage(`Cannot read ${flag} "${path}": ${code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
}

/** Probe, service, run, reports — with SIGINT/SIGTERM stopping the run and reaping every child. */
async function runAndReport(
  a: ConformanceArgs,
  p: {
    cases: Case[];
    reports: { format: string; path: string }[];
    expectations: Map<string, string>;
    implCommand: string[];
    jobs: number;
    refCommand: string[];
  },
): Promise<number> {
  const { probeAdapter } = await import("../../conformance/probe.ts");
  const { startServiceProcess } = await import("../../conformance/service_proc.ts");
  const { runSuite, seedOf, signalExitCode } = await import("../../conformance/runner.ts");
  const { formatProgress } = await import("../../conformance/reporters/mod.ts");
  const { killAllChildren } = await import("../driver/mod.ts");
  // SPEC §12.4: a user's --impl runs as itself, without the runner's own variables (the pinned bundle path…).
  const { implEnv: envFor } = await import("../../conformance/impl_env.ts");
  const own = a.impl === undefined || (await import("./web_peer.ts")).implAlias(a.impl) !== null;
  const implEnv = own ? undefined : envFor(process.env);
  const tty = Boolean(process.stderr.isTTY) && !process.env.NO_COLOR;
  const implLabel = a.impl ?? "shieldcall peer --stdio (embedded reference)";
  const options: RunResult["options"] = {
    strict: a.strict,
    tags: a.tag,
    cases: a.case,
    shard: a.shard ?? null,
    repeat: a.repeat,
    jobs: p.jobs,
    skip: a.skip,
    clauses: a.clause,
    seed: a.seed ?? null,
  };
  const tool = { name: "shieldcall", version: VERSION };

  // SIGINT/SIGTERM: stop taking cases, stop the running ones (their adapters are killed), then stop the service and
  // write what was collected, marked incomplete. A second signal kills every child at once and exits.
  const abort = new AbortController();
  let signalled = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    if (++signalled > 1) {
      killAllChildren("SIGKILL");
      process.exit(signalExitCode(sig));
    }
    console.error(
      `\nshieldcall conformance: ${sig}: stopping the run, reaping child processes, ` +
        "writing the reports collected so far",
    );
    abort.abort(sig);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    console.error(
      `shieldcall conformance ${VERSION}: ${p.cases.length} case${
        p.cases.length === 1 ? "" : "s"
      } against ${implLabel}, ${p.jobs} job(s)${a.repeat > 1 ? `, ${a.repeat} repeats` : ""}`,
    );
    const probe = await probeAdapter(p.implCommand, undefined, implEnv);
    if (abort.signal.aborted) {
      return writeOutputs(
        a,
        p.reports,
        harnessRun(p.cases, implLabel, tool, options, seedOf, a, { signal: String(abort.signal.reason) }),
        tty,
      );
    }
    if (!probe.ok) {
      const detail = `The adapter failed the compliance probe (SPEC §7): ${probe.problems.join("; ")}`;
      console.error(`shieldcall conformance: ${detail}`);
      if (probe.stderr) console.error(`adapter stderr (last lines):\n${probe.stderr.slice(-2000)}`);
      return writeOutputs(
        a,
        p.reports,
        harnessRun(p.cases, implLabel, tool, options, seedOf, a, { detail, stderr: probe.stderr.slice(-2000) }),
        tty,
      );
    }
    console.error(
      `adapter: ${probe.hello!.name} ${probe.hello!.version} (driver protocol ${probe.hello!.protocol}, SPEC §7)`,
    );
    // SPEC §7, §13.12: the profiles the adapter declares decide which cases apply; an sframe case meets the web
    // client, so it needs a browser (one line and exit 3 when there is none, as for --impl web).
    const { declaredProfiles } = await import("../protocol/mod.ts");
    const implProfiles = declaredProfiles(probe.hello!);
    const web = await import("./web_peer.ts");
    const sframeCases = implProfiles.includes("sframe") && p.cases.some((c) => c.profile === "sframe");
    const noBrowser = sframeCases ? await web.webPrerequisite() : null;
    if (noBrowser) {
      console.error(`shieldcall conformance: the sframe cases' counterpart is the web client: ${noBrowser}`);
      return 3;
    }
    let service;
    try {
      service = await startServiceProcess();
    } catch (e) {
      return writeOutputs(
        a,
        p.reports,
        harnessRun(p.cases, implLabel, tool, options, seedOf, a, {
          detail: `The service did not start: ${(e as Error).message}`,
        }),
        tty,
      );
    }
    let run: RunResult;
    try {
      run = await runSuite({
        cases: p.cases,
        implCommand: p.implCommand,
        implLabel,
        implHello: { name: probe.hello!.name, version: probe.hello!.version },
        refCommand: p.refCommand,
        implProfiles,
        profileRefCommands: { sframe: web.implAlias("web")! },
        ...(implEnv ? { implEnv } : {}),
        service,
        jobs: p.jobs,
        repeat: a.repeat,
        timeoutS: a.timeout,
        seed: a.seed ?? null,
        reproduce: (c, seed) => reproduceCommand(a, c, seed),
        signal: abort.signal,
        expectations: p.expectations,
        tool,
        options,
        onProgress: (pr) => {
          if (pr.verdict === undefined && !tty) return;
          const line = formatProgress(pr);
          if (tty) process.stderr.write(`\r\x1b[2K${line}`);
          else console.error(line);
        },
      });
    } finally {
      await service.stop();
    }
    if (tty) process.stderr.write("\n");
    return writeOutputs(a, p.reports, run, tty);
  } finally {
    killAllChildren("SIGKILL");
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
