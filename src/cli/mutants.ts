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
  /** `--kill-map`: compute the cheap kill map; `--reprove`: re-prove conformance/kills.json (SPEC §12.7). */
  killMap?: "compute" | "reprove";
  /** The selection is the whole catalogue: only then is kills.json written, and every mutant must have a row. */
  wholeSuite?: boolean;
}

/** Runs the clean reference and every mutant; resolves with the exit code. */
export async function mutantsCommand(args: MutantsArgs): Promise<number> {
  const { MUTANTS } = await import("../peer/mutants.ts");
  const { referenceAdapterCommand, REFERENCE_PROFILES } = await import("../driver/mod.ts");
  // SPEC §7, §13.12: the mutants are the reference peer's, which implements dtls-srtp only; a case of another profile
  // never runs against it, so it is outside the clean run, the kill matrix and the kill map.
  const { applies } = await import("../../conformance/profiles.ts");
  const a = { ...args, cases: args.cases.filter((c) => applies(c, REFERENCE_PROFILES)) };
  if (a.cases.length < args.cases.length) {
    console.error(
      `--mutants: ${args.cases.length - a.cases.length} case(s) of a profile the reference does not ` +
        "implement left out (SPEC §13.12)",
    );
  }
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
    const cleanRun = (cases: Case[]) =>
      runSuite({
        cases,
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
          if (p.verdict !== "pass" && p.verdict !== "info") console.error(formatProgress(p));
        },
      });
    const clean = await cleanRun(a.cases);
    // SPEC §12.7: the clean reference is the suite's own baseline, so a crash of it (node-webrtc can die in native
    // code) is the suite's failure, as a crashed reference counterpart is (§12.4): the case runs again, bounded.
    const { rerunCrashed } = await import("../../conformance/clean_reruns.ts");
    await rerunCrashed(clean, (ids) => cleanRun(a.cases.filter((c) => ids.includes(c.id))), (l) => console.error(l));
    for (const r of a.reports) {
      mkdirSync(dirname(r.path), { recursive: true });
      writeFileSync(r.path, render(r.format as never, clean));
    }
    const cleanFailed = clean.cases.filter((c) => c.level === "MUST" && c.verdict !== "pass" && c.verdict !== "info")
      .map((c) => c.id);
    if (!clean.sanity.before?.ok) cleanFailed.push("sanity.before");
    console.error(
      `clean reference: ${clean.summary.pass} passed, ${cleanFailed.length} MUST not passed` +
        `${cleanFailed.length ? ` (${cleanFailed.join(", ")})` : ""}; ` +
        `now ${mutants.length} mutants`,
    );
    const { KILL_REVIEWED } = await import("../../conformance/kill_reviewed.ts");
    const mapOptions = {
      mutants,
      cases: a.cases,
      mutantCommand: (id: string) => referenceAdapterCommand(["--mutant", id]),
      refCommand: referenceAdapterCommand(),
      service,
      jobs: a.jobs,
      timeoutS: a.timeoutS,
      reviewed: KILL_REVIEWED,
      onProgress: (l: string) => console.error(l),
      restartService: async () => (current = await startServiceProcess()),
    };
    const whole = (a.wholeSuite ?? false) && mutants.length === MUTANTS.length;
    const km = await import("./kill_map.ts");
    if (a.killMap === "reprove") {
      // The re-proof covers every mutant whatever --mutant says: a row may name any of them.
      return (await km.reprove({ ...mapOptions, mutants: [...MUTANTS] }, a.cases, whole)) && cleanFailed.length === 0
        ? 0
        : 1;
    }
    if (a.killMap === "compute") {
      const { firstKillMap } = await import("../../conformance/killmap_run.ts");
      const map = await firstKillMap({ ...mapOptions, command: "npx shieldcall conformance --mutants --kill-map" });
      km.writeKillMap(map, whole);
      return cleanFailed.length === 0 && Object.values(map.cases).every((r) => !("kills" in r) || r.kills.length)
        ? 0
        : 1;
    }
    const t0 = Date.now();
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
    if (a.killAll && matrix.outcomes) {
      const { buildKillMap } = await import("../../conformance/killmap.ts");
      km.writeKillMap(
        buildKillMap({
          mode: "full",
          command: "npx shieldcall conformance --mutants --kill-all",
          durationMs: Date.now() - t0,
          mutants: mutants.map((m) => m.id),
          mustCases: a.cases.filter((c) => c.level === "MUST").map((c) => c.id),
          reviewed: KILL_REVIEWED,
          outcomes: matrix.outcomes,
        }),
        whole,
      );
    }
    return matrix.ok ? 0 : 1;
  } finally {
    await current.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
