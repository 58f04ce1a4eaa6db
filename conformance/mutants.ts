/**
 * Self-validation (SPEC §12.7): run the suite against mutants of the reference peer — each with one deliberate
 * fault — and build the kill matrix. Every mutant must fail at least one case; the clean reference must fail none.
 * With `killsNeeded: Infinity` (`--kill-all`) every case runs against every mutant, and the matrix also lists every
 * MUST case that killed no mutant, with its reason from the reviewed list (conformance/kill_reviewed.ts).
 */
import type { Case } from "./case.ts";
import { coverage, isKill } from "./killcoverage.ts";
import type { KillCoverage } from "./killcoverage.ts";
import { KILL_REVIEWED } from "./kill_reviewed.ts";
import { runCaseOnce } from "./runner.ts";
import type { CaseResult, KillMatrix } from "./results.ts";
import type { ServiceProcess } from "./service_proc.ts";

/** A mutant as the kill runner sees it. */
export interface MutantInfo {
  id: string;
  clause: string;
  description: string;
  /** Case tags or id prefixes most likely to catch it; those cases run first. */
  hints: string[];
}

/** The case outcome the kill run reads. */
export type CaseOutcome = Pick<CaseResult, "verdict" | "reason" | "expected" | "actual">;

/** Options of a kill run. */
export interface KillOptions {
  mutants: MutantInfo[];
  cases: Case[];
  /** argv of the reference adapter with one mutant enabled. */
  mutantCommand: (id: string) => string[];
  refCommand: string[];
  service: ServiceProcess;
  jobs: number;
  timeoutS: number;
  /** Stop a mutant after this many killing cases (default 1: the first kill). Infinity runs every case. */
  killsNeeded?: number;
  /** Failing MUST cases of the clean reference, from its own run. */
  cleanFailed: string[];
  /** Reasons for MUST cases that may kill no mutant (default: conformance/kill_reviewed.ts). */
  reviewed?: Record<string, string>;
  /** Runs one case against one adapter command (default: the runner's `runCaseOnce`); injectable for tests. */
  runCase?: (c: Case, implCommand: string[], index: number) => Promise<CaseOutcome>;
  onProgress?: (line: string) => void;
  /**
   * Starts a new service when the current one died during a case (its log tail goes to the progress line): a dead
   * service would fail every later case without an assertion and leave every later mutant alive. Without it, a dead
   * service ends the run with an error.
   */
  restartService?: () => Promise<ServiceProcess>;
}

/** How many times one kill run may restart a service that died, before it gives up. */
const MAX_SERVICE_RESTARTS = 3;

/** A kill matrix; with `--kill-all` also its case side. */
export type FullKillMatrix = KillMatrix & {
  coverage?: KillCoverage;
  /** With --kill-all: every (mutant, case) outcome, from which conformance/kills.json is built. */
  outcomes?: { mutant: string; caseId: string; r: CaseOutcome }[];
};

/** Orders cases so those matching the mutant's hints or clause run first (stable otherwise). */
export function orderForMutant(cases: Case[], m: MutantInfo): Case[] {
  const clauseId = /[A-Z]\d+/.exec(m.clause)?.[0];
  const score = (c: Case) =>
    (m.hints.some((h) => c.tags.includes(h) || c.id.startsWith(h)) ? 2 : 0) +
    (clauseId && c.clause.includes(clauseId) ? 1 : 0);
  return cases.map((c, i) => ({ c, i, s: score(c) })).sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.c);
}

/** What caseRunner() needs of the kill options. */
export type CaseRunnerOptions = Pick<
  KillOptions,
  "refCommand" | "service" | "timeoutS" | "runCase" | "onProgress" | "restartService"
>;

/**
 * Runs one case against one adapter command; when the service died under it, starts a new service (bounded) and runs
 * the case again: its outcome meant nothing. Shared by the kill matrix and the kill map (SPEC §12.7).
 */
export function caseRunner(
  o: CaseRunnerOptions,
): (c: Case, implCommand: string[], i: number, mutant: string) => Promise<CaseOutcome> {
  let service = o.service;
  let restarts = 0;
  let restarting: Promise<void> | null = null;
  const runOnce = o.runCase ??
    ((c: Case, implCommand: string[], i: number) =>
      runCaseOnce(c, { implCommand, refCommand: o.refCommand, service, timeoutS: o.timeoutS }, i, 0));
  /** One case; when the service died under it, a new service and the case again (its outcome meant nothing). */
  const runCase = async (c: Case, implCommand: string[], i: number, mutant: string): Promise<CaseOutcome> => {
    for (;;) {
      const before = service;
      const r = await runOnce(c, implCommand, i);
      if (service === null || service.alive()) return r;
      if (restarting === null && service === before) {
        if (o.restartService === undefined || restarts >= MAX_SERVICE_RESTARTS) {
          throw new Error(
            `The service process died during case "${c.id}" (mutant "${mutant}"): ${service.log().slice(-600)}`,
          );
        }
        restarts++;
        o.onProgress?.(
          `service process died during case ${c.id} (mutant ${mutant}); ` +
            `restarting it (${restarts} of ${MAX_SERVICE_RESTARTS}) and running the case again. ` +
            `Its log ends:\n${service.log().slice(-600)}`,
        );
        restarting = o.restartService().then((s) => {
          service = s;
        }).finally(() => {
          restarting = null;
        });
      }
      await restarting;
    }
  };
  return runCase;
}

/** Runs every mutant (several at a time) until enough cases killed it; returns the kill matrix. */
export async function runKillMatrix(o: KillOptions): Promise<FullKillMatrix> {
  const need = o.killsNeeded ?? 1;
  const full = need === Infinity;
  const runCase = caseRunner(o);
  const rows: KillMatrix["mutants"] = [];
  const outcomes: { mutant: string; caseId: string; r: CaseOutcome }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < o.mutants.length) {
      const m = o.mutants[next++]!;
      const killedBy: string[] = [];
      const notKills: string[] = [];
      let error: string | null = null;
      try {
        let i = 0;
        for (const c of orderForMutant(o.cases, m)) {
          const r = await runCase(c, o.mutantCommand(m.id), i++, m.id);
          outcomes.push({ mutant: m.id, caseId: c.id, r });
          // SPEC §12.7: only a failed assertion kills; a timeout, crash or harness error is noted, never counted.
          if (isKill(r)) killedBy.push(c.id);
          else if (r.verdict !== "pass" && r.verdict !== "info" && r.verdict !== "skip") {
            notKills.push(`${c.id} (${r.verdict})`);
          }
          if (killedBy.length >= need) break;
        }
      } catch (e) {
        error = (e as Error).message;
      }
      rows.push({
        id: m.id,
        description: m.description,
        clause: m.clause,
        killedBy,
        survived: killedBy.length === 0,
        error,
      });
      const noted = notKills.length ? `; failed without an assertion (not kills): ${notKills.join(", ")}` : "";
      o.onProgress?.(`mutant ${m.id}: ${killedBy.length ? `killed by ${killedBy.join(", ")}` : "SURVIVED"}${noted}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.jobs, o.mutants.length)) }, worker));
  rows.sort((a, b) => o.mutants.findIndex((m) => m.id === a.id) - o.mutants.findIndex((m) => m.id === b.id));
  const cov = full ? coverage(o.cases, outcomes, o.reviewed ?? KILL_REVIEWED) : undefined;
  const mutantsOk = o.cleanFailed.length === 0 && rows.every((r) => !r.survived && r.error === null);
  return {
    mutants: rows,
    clean: { failed: o.cleanFailed },
    // SPEC §12.7: with --kill-all, every MUST case kills a mutant or has a reviewed reason.
    ok: mutantsOk && (cov === undefined || cov.unkilling.every((u) => u.reason !== null)),
    ...(cov ? { coverage: cov, outcomes } : {}),
  };
}
