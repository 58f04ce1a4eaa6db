/**
 * Computing and re-proving the kill map (SPEC §12.7) with real processes: `--kill-map` finds, for each MUST case, one
 * mutant its own assertion kills (the mutants whose hints match the case first, stopping at the first kill), then a
 * killer for every mutant no case's first kill covered; `--reprove` runs each case against one mutant of its row.
 */
import { again } from "./again.ts";
import type { Case } from "./case.ts";
import { isKill } from "./killcoverage.ts";
import { buildKillMap, judgeReproof, planReproof } from "./killmap.ts";
import type { KillMap } from "./killmap.ts";
import { caseRunner, orderForMutant } from "./mutants.ts";
import type { CaseOutcome, CaseRunnerOptions, MutantInfo } from "./mutants.ts";

/** Options of a kill-map run. */
export interface KillMapOptions extends CaseRunnerOptions {
  mutants: MutantInfo[];
  cases: Case[];
  mutantCommand: (id: string) => string[];
  jobs: number;
  reviewed: Record<string, string>;
}

type Outcome = { mutant: string; caseId: string; r: CaseOutcome };

/** Mutants ordered for one case: those whose hints name the case's tags or id first, then its clause, then the rest. */
export function orderForCase(c: Pick<Case, "id" | "tags" | "clause">, mutants: MutantInfo[]): MutantInfo[] {
  const score = (m: MutantInfo) => {
    const clauseId = /[A-Z]\d+/.exec(m.clause)?.[0];
    return (m.hints.some((h) => c.tags.includes(h) || c.id.startsWith(h)) ? 2 : 0) +
      (clauseId && c.clause.includes(clauseId) ? 1 : 0);
  };
  return mutants.map((m, i) => ({ m, i, s: score(m) })).sort((a, b) => b.s - a.s || a.i - b.i).map((x) => x.m);
}

async function pool<T>(items: T[], jobs: number, f: (x: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await f(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
}

/** `--kill-map`: the cheap map (mode `first-kill`): at least one own-assertion kill per MUST case and per mutant. */
export async function firstKillMap(o: KillMapOptions & { command: string }): Promise<KillMap> {
  const t0 = Date.now();
  const run = caseRunner(o);
  const outcomes: Outcome[] = [];
  const must = o.cases.filter((c) => c.level === "MUST");
  const ran = (m: string, id: string) => outcomes.some((x) => x.mutant === m && x.caseId === id);
  await pool(must.filter((c) => o.reviewed[c.id] === undefined), o.jobs, async (c, i) => {
    for (const m of orderForCase(c, o.mutants)) {
      const r = await run(c, o.mutantCommand(m.id), i, m.id);
      outcomes.push({ mutant: m.id, caseId: c.id, r });
      if (isKill(r)) {
        o.onProgress?.(`case ${c.id}: killed ${m.id}`);
        return;
      }
    }
    o.onProgress?.(`case ${c.id}: killed NO mutant`);
  });
  const uncovered = o.mutants.filter((m) => !outcomes.some((x) => x.mutant === m.id && isKill(x.r)));
  await pool(uncovered, o.jobs, async (m, i) => {
    for (const c of orderForMutant(must, m)) {
      if (ran(m.id, c.id)) continue;
      const r = await run(c, o.mutantCommand(m.id), i, m.id);
      outcomes.push({ mutant: m.id, caseId: c.id, r });
      if (isKill(r)) {
        o.onProgress?.(`mutant ${m.id}: killed by ${c.id}`);
        return;
      }
    }
    o.onProgress?.(`mutant ${m.id}: SURVIVED every case`);
  });
  return buildKillMap({
    mode: "first-kill",
    command: o.command,
    durationMs: Date.now() - t0,
    mutants: o.mutants.map((m) => m.id),
    mustCases: must.map((c) => c.id),
    reviewed: o.reviewed,
    outcomes,
  });
}

/** How many times a re-proof run that proved nothing (a crash, a failed set-up) runs again (SPEC §12.7). */
export const REPROOF_CRASH_RERUNS = 2;

/**
 * SPEC §12.7: verdicts that prove nothing either way about a row — the adapter crashed (node-webrtc can die in
 * native code), or the case's set-up failed before its own check ran (under load an honest call may not come up in
 * time).
 */
export const PROVES_NOTHING: readonly string[] = ["crash", "precondition-failed"];

/** `--reprove`: each MUST case against one mutant of its row; every mutant must be killed. */
export async function reproveKillMap(
  o: KillMapOptions & { map: KillMap; checkMutants: boolean },
): Promise<{ ok: boolean; problems: string[]; runs: number; killed: string[] }> {
  const run = caseRunner(o);
  const must = o.cases.filter((c) => c.level === "MUST");
  const plan = planReproof(o.map, must.map((c) => c.id), o.mutants.map((m) => m.id), o.reviewed);
  // A partial selection re-proves its own rows; only the whole suite must cover every mutant.
  if (!o.checkMutants) plan.problems = plan.problems.filter((p) => !p.startsWith("mutant "));
  const outcomes: Outcome[] = [];
  await pool(plan.runs, o.jobs, async (p, i) => {
    const c = must.find((x) => x.id === p.caseId)!;
    // SPEC §12.7: a crash or a failed set-up proves nothing either way; the run goes again (a set-up the mutant breaks
    // every time still breaks the row).
    const { last: r } = await again(
      (rerun) => run(c, o.mutantCommand(p.mutant), i + 1000 * rerun, p.mutant),
      (x) => PROVES_NOTHING.includes(x.verdict),
      REPROOF_CRASH_RERUNS,
      (x, rerun) =>
        o.onProgress?.(
          `${p.caseId} × ${p.mutant}: ${x.verdict}, run ${rerun + 1} of at most ${REPROOF_CRASH_RERUNS + 1}`,
        ),
    );
    outcomes.push({ ...p, r });
    o.onProgress?.(`${p.caseId} × ${p.mutant}: ${isKill(r) ? "killed" : `ROW BROKEN (${r.verdict})`}`);
  });
  const j = judgeReproof(plan, outcomes);
  return { ...j, runs: plan.runs.length };
}
