/**
 * The committed kill map (SPEC §12.7, `conformance/kills.json`): for each MUST case, the mutants its own assertion
 * kills, or its reviewed reason. Building it from (mutant, case) outcomes, planning its cheap re-proof (each case
 * against one mutant of its row, every mutant covered), and judging that re-proof. Pure: no processes, no files.
 */
import { isKill } from "./killcoverage.ts";
import type { KillEvidence } from "./killcoverage.ts";

/** One case's row: the mutants its own assertion killed, or the reviewed reason it may kill none. */
export type KillRow = { kills: string[] } | { reviewed: string };

/** The file `conformance/kills.json`. */
export interface KillMap {
  version: 1;
  /** `full`: every case against every mutant (`--kill-all`); `first-kill`: per case, mutants until one kills. */
  mode: "full" | "first-kill";
  /** The command that wrote it. */
  command: string;
  /** How long computing it took, in ms. */
  durationMs: number;
  /** Set when the computation stopped before the end: what it covered (cases it did not reach have no row). */
  incomplete?: string;
  /** Every mutant id at the time of writing. */
  mutants: string[];
  /** Case id → row, for every MUST case. */
  cases: Record<string, KillRow>;
}

/** Builds the map from outcomes: a case with no kill gets its reviewed reason, or an empty row (then not proven). */
export function buildKillMap(
  o: {
    mode: KillMap["mode"];
    command: string;
    durationMs: number;
    mutants: string[];
    mustCases: string[];
    reviewed: Record<string, string>;
    outcomes: { mutant: string; caseId: string; r: KillEvidence }[];
  },
): KillMap {
  const cases: Record<string, KillRow> = {};
  for (const id of [...o.mustCases].sort()) {
    const kills = [...new Set(o.outcomes.filter((x) => x.caseId === id && isKill(x.r)).map((x) => x.mutant))];
    kills.sort((a, b) => o.mutants.indexOf(a) - o.mutants.indexOf(b));
    cases[id] = kills.length > 0 || o.reviewed[id] === undefined ? { kills } : { reviewed: o.reviewed[id]! };
  }
  return { version: 1, mode: o.mode, command: o.command, durationMs: o.durationMs, mutants: o.mutants, cases };
}

/** Reads and checks the shape of a kills.json text; throws with what is wrong. */
export function parseKillMap(text: string): KillMap {
  const m = JSON.parse(text) as KillMap;
  if (m?.version !== 1 || typeof m.cases !== "object" || !Array.isArray(m.mutants)) {
    throw new Error('kills.json: expected {"version": 1, "mode", "mutants": [...], "cases": {...}}');
  }
  return m;
}

/** What the re-proof runs, and what is wrong with the map before anything runs. */
export interface ReproofPlan {
  runs: { caseId: string; mutant: string }[];
  problems: string[];
}

/**
 * SPEC §12.7: plans the re-proof. Each MUST case with kills runs against one mutant of its row, chosen so that every
 * mutant is the one of some case (a bipartite matching, Kuhn's algorithm). The map is broken when a MUST case or a
 * mutant has no row, a row names an unknown mutant, a row has neither kills nor a reviewed reason, or a reviewed
 * reason is no longer in the reviewed list.
 */
export function planReproof(
  map: KillMap,
  mustCases: string[],
  mutants: string[],
  reviewed: Record<string, string>,
): ReproofPlan {
  const problems: string[] = [];
  const rows = new Map<string, string[]>();
  for (const id of mustCases) {
    const row = map.cases[id];
    if (row === undefined) {
      problems.push(`MUST case ${id} has no row in kills.json (recompute the map)`);
    } else if ("reviewed" in row) {
      if (reviewed[id] === undefined) problems.push(`${id}: its reviewed reason is no longer in kill_reviewed.ts`);
    } else {
      const unknown = row.kills.filter((m) => !mutants.includes(m));
      if (unknown.length) problems.push(`${id}: its row names unknown mutants ${unknown.join(", ")}`);
      const known = row.kills.filter((m) => mutants.includes(m));
      if (known.length === 0) problems.push(`${id}: kills no mutant and has no reviewed reason`);
      else rows.set(id, known);
    }
  }
  for (const m of mutants) {
    if (![...rows.values()].some((r) => r.includes(m))) problems.push(`mutant ${m} has no row in kills.json`);
  }
  // Match mutants to distinct cases so every mutant is re-proven; the other cases take the first mutant of their row.
  const caseOf = new Map<string, string>();
  const tryAssign = (m: string, seen: Set<string>): boolean => {
    for (const [id, r] of rows) {
      if (!r.includes(m) || seen.has(id)) continue;
      seen.add(id);
      const prev = [...caseOf].find(([, c]) => c === id)?.[0];
      if (prev === undefined || tryAssign(prev, seen)) {
        caseOf.set(m, id);
        return true;
      }
    }
    return false;
  };
  for (const m of mutants) tryAssign(m, new Set());
  // A mutant no distinct case is left for (its rows' cases re-prove other mutants) costs one more run of such a case.
  const extra: { caseId: string; mutant: string }[] = [];
  for (const m of mutants) {
    const id = caseOf.has(m) ? undefined : [...rows].find(([, r]) => r.includes(m))?.[0];
    if (id !== undefined) extra.push({ caseId: id, mutant: m });
  }
  const mutantOf = new Map([...caseOf].map(([m, id]) => [id, m]));
  const runs = [...rows].map(([caseId, r]) => ({ caseId, mutant: mutantOf.get(caseId) ?? r[0]! }));
  return { runs: [...runs, ...extra], problems };
}

/** SPEC §12.7: every planned run must fail on the case's own assertion; otherwise its row no longer holds. */
export function judgeReproof(
  plan: ReproofPlan,
  outcomes: { caseId: string; mutant: string; r: KillEvidence }[],
): { ok: boolean; problems: string[]; killed: string[] } {
  const problems = [...plan.problems];
  const killed = new Set<string>();
  for (const run of plan.runs) {
    const o = outcomes.find((x) => x.caseId === run.caseId && x.mutant === run.mutant);
    if (o === undefined) problems.push(`${run.caseId} × ${run.mutant}: not run`);
    else if (isKill(o.r)) killed.add(run.mutant);
    else {
      problems.push(
        `row no longer holds: ${run.caseId} against mutant ${run.mutant} gave ${o.r.verdict}${
          o.r.reason ? ` (${o.r.reason.slice(0, 160)})` : ""
        }, not a failure of its own assertion`,
      );
    }
  }
  return { ok: problems.length === 0, problems, killed: [...killed] };
}
