/**
 * Writes a benchmark result as JSON to bench/results/<name>-<date>.json and merges it into
 * bench/results/latest.json (one entry per bench), and reads command-line flags shared by every bench.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** The results folder. */
export const RESULTS_DIR = fileURLToPath(new URL("./results/", import.meta.url));

/** A timestamp usable in a file name: 2025-11-28T20-15-03. */
export function stamp(d = new Date()): string {
  return d.toISOString().slice(0, 19).replace(/:/g, "-");
}

/**
 * Writes `data` as bench `name`'s result; returns the dated file's path. A `--quick` result is stored as
 * `<name>-quick`, so it never replaces the full figures in latest.json.
 */
export function writeResult(name: string, data: unknown, quick = false): string {
  if (quick) name = `${name}-quick`;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = `${RESULTS_DIR}${name}-${stamp()}.json`;
  writeFileSync(path, JSON.stringify(data, null, 2) + "\n");
  const latestPath = `${RESULTS_DIR}latest.json`;
  let latest: Record<string, unknown> = {};
  try {
    latest = JSON.parse(readFileSync(latestPath, "utf8")) as Record<string, unknown>;
  } catch {
    latest = {};
  }
  latest[name] = data;
  const tmp = `${latestPath}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(latest, null, 2) + "\n");
  renameSync(tmp, latestPath);
  return path;
}

/** Flags every bench accepts: --quick, --json (print the result JSON on stdout), --no-write. */
export interface CommonFlags {
  quick: boolean;
  json: boolean;
  write: boolean;
  values: Record<string, string | boolean | undefined>;
}

/** Parses argv with the common flags plus bench-specific string options. */
export function flags(argv: string[], extra: string[] = []): CommonFlags {
  const options: Record<string, { type: "string" | "boolean" }> = {
    quick: { type: "boolean" },
    json: { type: "boolean" },
    "no-write": { type: "boolean" },
  };
  for (const e of extra) options[e] = { type: "string" };
  const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  return { quick: Boolean(values.quick), json: Boolean(values.json), write: !values["no-write"], values };
}

/** A positive integer flag, else `fallback`. */
export function intFlag(f: CommonFlags, name: string, fallback: number): number {
  const v = f.values[name];
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`--${name} must be a positive integer: got "${String(v)}"`);
  return n;
}

/** Logs progress on stderr (stdout is for --json). */
export function progress(line: string): void {
  process.stderr.write(`${line}\n`);
}
