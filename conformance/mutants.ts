/**
 * Self-validation (SPEC §12.7): run the suite against mutants of the reference peer — each with one deliberate
 * fault — and build the kill matrix. Every mutant must fail at least one case; the clean reference must fail none.
 */
import type { Case } from "./case.ts";
import { runCaseOnce } from "./runner.ts";
import type { KillMatrix } from "./results.ts";
import type { ServiceProcess } from "./service_proc.ts";

/** A mutant as the kill runner sees it. */
export interface MutantInfo {
  id: string;
  clause: string;
  description: string;
  /** Case tags or id prefixes most likely to catch it; those cases run first. */
  hints: string[];
}

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
  onProgress?: (line: string) => void;
}

/** Orders cases so those matching the mutant's hints or clause run first (stable otherwise). */
export function orderForMutant(cases: Case[], m: MutantInfo): Case[] {
  const clauseId = /[A-Z]\d+/.exec(m.clause)?.[0];
  const score = (c: Case) =>
    (m.hints.some((h) => c.tags.includes(h) || c.id.startsWith(h)) ? 2 : 0) + (clauseId && c.clause.includes(clauseId) ? 1 : 0);
  return cases.map((c, i) => ({ c, i, s: score(c) })).sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.c);
}

/** Runs every mutant (several at a time) until enough cases killed it; returns the kill matrix. */
export async function runKillMatrix(o: KillOptions): Promise<KillMatrix> {
  const need = o.killsNeeded ?? 1;
  const rows: KillMatrix["mutants"] = [];
  let next = 0;
  const worker = async () => {
    while (next < o.mutants.length) {
      const m = o.mutants[next++]!;
      const killedBy: string[] = [];
      let error: string | null = null;
      try {
        let i = 0;
        for (const c of orderForMutant(o.cases, m)) {
          const r = await runCaseOnce(c, { implCommand: o.mutantCommand(m.id), refCommand: o.refCommand, service: o.service, timeoutS: o.timeoutS }, i++, 0);
          if (r.verdict === "fail") killedBy.push(c.id);
          if (killedBy.length >= need) break;
        }
      } catch (e) {
        error = (e as Error).message;
      }
      rows.push({ id: m.id, description: m.description, clause: m.clause, killedBy, survived: killedBy.length === 0, error });
      o.onProgress?.(`mutant ${m.id}: ${killedBy.length ? `killed by ${killedBy.join(", ")}` : "SURVIVED"}`);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(o.jobs, o.mutants.length)) }, worker));
  rows.sort((a, b) => o.mutants.findIndex((m) => m.id === a.id) - o.mutants.findIndex((m) => m.id === b.id));
  return {
    mutants: rows,
    clean: { failed: o.cleanFailed },
    ok: o.cleanFailed.length === 0 && rows.every((r) => !r.survived && r.error === null),
  };
}
