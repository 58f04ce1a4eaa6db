/**
 * Case selection for the runner (SPEC §12.4): `--case GLOB`, `--tag T`, `--strict`, `--shard i/n`.
 */
import type { Case } from "./case.ts";

/** Selection options. */
export interface Selection {
  globs: string[];
  tags: string[];
  strict: boolean;
  shard: { index: number; count: number } | null;
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
  if (!m || count < 1 || index < 1 || index > count) throw new RangeError(`Invalid shard "${s}": expected i/n with 1 ≤ i ≤ n`);
  return { index, count };
}

/** The cases a run executes, in a stable order (by id); sharding splits that order round-robin. */
export function selectCases(all: Case[], sel: Selection): Case[] {
  const res = sel.globs.map(globToRegExp);
  const chosen = [...all]
    .filter((c) => sel.strict || c.level === "MUST")
    .filter((c) => res.length === 0 || res.some((r) => r.test(c.id)))
    .filter((c) => sel.tags.length === 0 || sel.tags.some((t) => c.tags.includes(t)))
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
