/**
 * `shieldcall conformance --mutants` (SPEC §12.7): the clean reference must pass every selected MUST case, and every
 * mutant of the reference (one deliberate fault each, src/peer/mutants.ts) must fail at least one. Prints the kill
 * matrix; exit 0 only when both hold.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Case } from "../../conformance/case.ts";
import { VERSION } from "../version.ts";

/** Options of the kill run. */
export interface MutantsArgs {
  cases: Case[];
  jobs: number;
  timeoutS: number;
  reports: { format: string; path: string }[];
  /** Run every case against every mutant instead of stopping at the first kill. */
  killAll?: boolean;
  /** Only these mutant ids (default: all). */
  only?: string[];
}

/** Runs the clean reference and every mutant; resolves with the exit code. */
export async function mutantsCommand(a: MutantsArgs): Promise<number> {
  const { MUTANTS } = await import("../peer/mutants.ts");
  const { referenceAdapterCommand } = await import("../driver/mod.ts");
  const { startServiceProcess } = await import("../../conformance/service_proc.ts");
  const { runSuite } = await import("../../conformance/runner.ts");
  const { runKillMatrix } = await import("../../conformance/mutants.ts");
  const { reportKillMatrix, render, formatProgress } = await import("../../conformance/reporters/mod.ts");
  const mutants = MUTANTS.filter((m) => !a.only?.length || a.only.includes(m.id));
  if (mutants.length === 0) {
    console.error(`shieldcall conformance --mutants: no mutant matches ${JSON.stringify(a.only)}`);
    return 2;
  }
  // SIGINT/SIGTERM (SPEC §12.4): kill every child process group (service, mutant and reference adapters) and exit
  // 130/143; the kill matrix of an interrupted run would be meaningless, so none is printed.
  const { killAllChildren } = await import("../driver/mod.ts");
  const onSignal = (sig: NodeJS.Signals) => {
    console.error(`\nshieldcall conformance --mutants: ${sig}: stopping, reaping child processes`);
    killAllChildren("SIGKILL");
    process.exit(sig === "SIGTERM" ? 143 : 130);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const service = await startServiceProcess();
  let current = service;
  try {
    console.error(`clean reference: ${a.cases.length} case${a.cases.length === 1 ? "" : "s"}`);
    const clean = await runSuite({
      cases: a.cases,
      implCommand: referenceAdapterCommand(),
      implLabel: "shieldcall peer --stdio (clean reference)",
      implHello: { name: "shieldcall-reference", version: VERSION },
      refCommand: referenceAdapterCommand(),
      service,
      jobs: a.jobs,
      repeat: 1,
      timeoutS: a.timeoutS,
      expectations: new Map(),
      tool: { name: "shieldcall", version: VERSION },
      options: { strict: false, tags: [], cases: [], shard: null, repeat: 1, jobs: a.jobs },
      onProgress: (p) => {
        if (p.verdict === "fail") console.error(formatProgress(p));
      },
    });
    for (const r of a.reports) {
      mkdirSync(dirname(r.path), { recursive: true });
      writeFileSync(r.path, render(r.format as never, clean));
    }
    const cleanFailed = clean.cases.filter((c) => c.level === "MUST" && c.verdict !== "pass" && c.verdict !== "info")
      .map((c) => c.id);
    if (!clean.sanity.before?.ok) cleanFailed.push("sanity.before");
    console.error(
      `clean reference: ${clean.summary.pass} passed, ${cleanFailed.length} MUST not passed; now ${mutants.length} mutants`,
    );
    const matrix = await runKillMatrix({
      mutants,
      cases: a.cases,
      mutantCommand: (id) => referenceAdapterCommand(["--mutant", id]),
      refCommand: referenceAdapterCommand(),
      service,
      jobs: a.jobs,
      timeoutS: a.timeoutS,
      killsNeeded: a.killAll ? Infinity : 1,
      cleanFailed,
      onProgress: (l) => console.error(l),
      restartService: async () => (current = await startServiceProcess()),
    });
    console.log(reportKillMatrix(matrix));
    return matrix.ok ? 0 : 1;
  } finally {
    await current.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
