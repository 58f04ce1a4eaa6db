/**
 * Case selection for the runner (SPEC §12.4): `--case GLOB`, `--tag T`, `--clause ID`, `--skip GLOB`, `--strict`,
 * `--shard i/n`, and an explicit id list (`--rerun-failed`). Selectors of one kind are alternatives (any of them);
 * selectors of different kinds must all hold; `--skip` removes cases afterwards; sharding splits what is left.
 */
import type { Case } from "./case.ts";

/** Selection options. */
export interface Selection {
  globs: string[];
  tags: string[];
  strict: boolean;
  shard: { index: number; count: number } | null;
  /** Globs of case ids to leave out. */
  skip?: string[];
  /** SPEC rules (V2), ranges (F1-F10) or sections (§2.4). */
  clauses?: string[];
  /** Exact case ids (e.g. the failed cases of an earlier report). */
  ids?: ReadonlySet<string> | null;
}

/** Converts a glob (`*` any run of characters, `?` one character) to an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  const re = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${re}$`);
}

/** Parses `i/n` (1-based) into a shard; RangeError on anything else. */
export function parseShard(s: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(s);
  const index = Number(m?.[1]);
  const count = Number(m?.[2]);
  if (!m || count < 1 || index < 1 || index > count) {
    throw new RangeError(`Invalid shard "${s}": expected i/n with 1 ≤ i ≤ n`);
  }
  return { index, count };
}

/** The cases a run executes, in a stable order (by id); sharding splits that order round-robin. */
export function selectCases(all: Case[], sel: Selection): Case[] {
  const res = sel.globs.map(globToRegExp);
  const skips = (sel.skip ?? []).map(globToRegExp);
  const clauses = (sel.clauses ?? []).map(parseClause);
  const chosen = [...all]
    .filter((c) => sel.strict || c.level === "MUST")
    .filter((c) => res.length === 0 || res.some((r) => r.test(c.id)))
    .filter((c) => sel.tags.length === 0 || sel.tags.some((t) => c.tags.includes(t)))
    .filter((c) => clauses.length === 0 || clauses.some((m) => citesRule(c, m)))
    .filter((c) => !sel.ids || sel.ids.has(c.id))
    .filter((c) => !skips.some((r) => r.test(c.id)))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (!sel.shard) return chosen;
  return chosen.filter((_, i) => i % sel.shard!.count === sel.shard!.index - 1);
}

/** Checks that every case id is unique and well formed; returns the problems. */
export function lintCases(all: Case[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const c of all) {
    if (!/^[a-z0-9]+(?:[.-][a-z0-9]+)+$/.test(c.id)) problems.push(`Case id "${c.id}" is not a dotted lower-case name`);
    if (seen.has(c.id)) problems.push(`Case id "${c.id}" is used twice`);
    seen.add(c.id);
    if (!/^§\d/.test(c.clause)) problems.push(`Case "${c.id}" has no SPEC clause`);
    if (c.requirement.trim().length < 20) problems.push(`Case "${c.id}" has no requirement text`);
    if (c.tags.length === 0) problems.push(`Case "${c.id}" has no tags`);
  }
  return problems;
}

/**
 * Whether a case cites what the `--clause` matcher names, in its clause or as a rule-id tag (`CC6`, which
 * `--list-tags` lists: a feature case cites its F rule as clause and its call-control rule as tag).
 */
function citesRule(c: Pick<Case, "clause" | "tags">, m: (clause: string) => boolean): boolean {
  return m(c.clause) || c.tags.some((t) => /^[A-Z]{1,3}\d+$/.test(t) && m(t));
}

/** The rule ids a case's clause cites, ranges expanded: "§2.4 F1–F9" → F1 … F9; "§2.2 V2" → V2. */
export function clauseRules(clause: string): string[] {
  const out: string[] = [];
  for (const m of clause.matchAll(/\b([A-Z]{1,3})(\d+)(?:\s*[-–]\s*\1?(\d+))?\b/g)) {
    const lo = Number(m[2]);
    const hi = m[3] !== undefined ? Number(m[3]) : lo;
    for (let n = lo; n <= Math.min(hi, lo + 100); n++) out.push(`${m[1]}${n}`);
  }
  return out;
}

/**
 * Parses one `--clause` term into a matcher of case clauses: a rule id (`V2`), a range of one family (`F1-F10`,
 * `F1–F10`) or a section (`§2.4`, `2.4`, matching its subsections too). RangeError on anything else.
 */
export function parseClause(term: string): (clause: string) => boolean {
  const t = term.trim();
  const sec = /^§?(\d+(?:\.\d+)*)$/.exec(t);
  if (sec) {
    const re = new RegExp(`^§${sec[1]!.replace(/\./g, "\\.")}(?![\\d])`);
    return (clause) => re.test(clause);
  }
  const rule = /^([A-Za-z]{1,3})(\d+)(?:\s*[-–]\s*(?:([A-Za-z]{1,3}))?(\d+))?$/.exec(t);
  if (!rule || (rule[3] !== undefined && rule[3].toUpperCase() !== rule[1]!.toUpperCase())) {
    throw new RangeError(
      `Invalid --clause "${term}": expected a rule (V2), a range of one family (F1-F10) or a section (§2.4)`,
    );
  }
  const fam = rule[1]!.toUpperCase();
  const lo = Number(rule[2]);
  const hi = rule[4] !== undefined ? Number(rule[4]) : lo;
  if (hi < lo) throw new RangeError(`Invalid --clause "${term}": the range ends before it starts`);
  return (clause) =>
    clauseRules(clause).some((r) => {
      const m = /^([A-Z]+)(\d+)$/.exec(r)!;
      return m[1] === fam && Number(m[2]) >= lo && Number(m[2]) <= hi;
    });
}

/** Every tag of `all` with its number of cases, most used first. */
export function tagCounts(all: Case[]): [string, number][] {
  const n = new Map<string, number>();
  for (const c of all) for (const t of c.tags) n.set(t, (n.get(t) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/**
 * Checks each selector on its own against the catalogue, so a typo is an error rather than a narrower run: every
 * `--case` and `--skip` glob, tag and clause must match some case. Returns the first problem (with a hint), or null.
 */
export function checkSelectors(
  all: Case[],
  sel: Pick<Selection, "globs" | "tags" | "skip" | "clauses">,
  hint: (word: string, known: string[]) => string,
): string | null {
  const ids = all.map((c) => c.id);
  for (const [flag, globs] of [["--case", sel.globs], ["--skip", sel.skip ?? []]] as const) {
    for (const g of globs) {
      const re = globToRegExp(g);
      if (!ids.some((id) => re.test(id))) return `${flag} "${g}" matches no case${hint(g, ids)} (see --list)`;
    }
  }
  const tags = tagCounts(all).map(([t]) => t);
  for (const t of sel.tags) {
    if (!tags.includes(t)) return `Unknown tag "${t}"${hint(t, tags)} (tags: ${tags.join(", ")})`;
  }
  for (const term of sel.clauses ?? []) {
    let m: (clause: string) => boolean;
    try {
      m = parseClause(term);
    } catch (e) {
      return (e as Error).message;
    }
    if (!all.some((c) => citesRule(c, m))) {
      const rules = [...new Set(all.flatMap((c) => [...clauseRules(c.clause), ...c.tags.flatMap(clauseRules)]))].sort();
      return `--clause "${term}" matches no case (cases cite ${rules.join(", ")})`;
    }
  }
  return null;
}
