/**
 * `--expect FILE`: known failures with their reasons (SPEC §12.5). A known failure that passes is reported and fails
 * the run, so the file only ever shrinks (it ratchets). An id that names no case is an error (a renamed or mistyped
 * case would otherwise be silently unexpected). `--write-expect FILE` writes one from a run; `--rerun-failed
 * REPORT.json` reads the cases to run again from a JSON report.
 *
 * Format: `{ "version": 1, "failures": { "<case id>": "<reason>" } }`.
 */
import { ShieldCallError } from "../src/errors.ts";
import { isFailing } from "./results.ts";
import type { RunResult, Verdict } from "./results.ts";

/** Parsed expectations: case id → reason. */
export type Expectations = Map<string, string>;

/** Parses the text of an expect file; POLICY_INVALID naming the problem otherwise. */
export function parseExpectations(text: string): Expectations {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ShieldCallError("PROTO_PARSE", "Expect file is not valid JSON");
  }
  const o = json as { version?: unknown; failures?: unknown };
  if (
    typeof o !== "object" || o === null || o.version !== 1 || typeof o.failures !== "object" || o.failures === null ||
    Array.isArray(o.failures)
  ) {
    throw new ShieldCallError(
      "POLICY_INVALID",
      'Expect file must be {"version": 1, "failures": {"<case id>": "<reason>"}}',
    );
  }
  const out: Expectations = new Map();
  for (const [id, reason] of Object.entries(o.failures as Record<string, unknown>)) {
    if (typeof reason !== "string" || reason.trim() === "") {
      throw new ShieldCallError("POLICY_INVALID", `Expect file: case "${id}" needs a reason`);
    }
    out.set(id, reason);
  }
  return out;
}

/** The ids of `exp` that name no case of the catalogue `ids`. */
export function unmatchedExpectations(exp: Expectations, ids: readonly string[]): string[] {
  const known = new Set(ids);
  return [...exp.keys()].filter((id) => !known.has(id));
}

/** Placeholder reason `--write-expect` puts on a case that has none yet. */
export const REASON_PLACEHOLDER = "TODO: why this case is expected to fail";

/**
 * SPEC §12.6: the ids whose reason still starts with "TODO" (as `--write-expect` leaves them): an expectations file
 * committed unread. A warning, and an error under `--strict`.
 */
export function todoExpectations(exp: Expectations): string[] {
  return [...exp].filter(([, reason]) => /^\s*TODO\b/i.test(reason)).map(([id]) => id);
}

/**
 * An expectations file listing every case of `run` that did not pass with a failing verdict: a known failure keeps
 * its reason, a new one gets the placeholder and its verdict and reason, for a person to replace.
 */
export function renderExpectations(run: Pick<RunResult, "cases">): string {
  const failures: Record<string, string> = {};
  for (const c of [...run.cases].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    if (!isFailing(c.verdict)) continue;
    failures[c.id] = c.known?.reason ??
      `${REASON_PLACEHOLDER} (${c.verdict}: ${(c.reason ?? "").replace(/\s+/g, " ").slice(0, 160)})`;
  }
  return JSON.stringify({ version: 1, failures }, null, 2) + "\n";
}

/** The ids of the cases that did not pass (failing verdicts and not-run) in the text of a JSON report. */
export function failedIdsFromReport(text: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ShieldCallError("PROTO_PARSE", "Report is not valid JSON");
  }
  const cases = (json as { cases?: unknown })?.cases;
  if (!Array.isArray(cases) || cases.some((c) => typeof c?.id !== "string" || typeof c?.verdict !== "string")) {
    throw new ShieldCallError(
      "PROTO_INVALID",
      "Report is not a JSON report of shieldcall conformance (--report json:PATH): no cases with id and verdict",
    );
  }
  return (cases as { id: string; verdict: Verdict; known?: unknown }[])
    .filter((c) => isFailing(c.verdict) || c.verdict === "not-run")
    .map((c) => c.id);
}
