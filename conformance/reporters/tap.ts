/**
 * TAP version 14 reporter (SPEC §12.6): a plan, one test point per case, a YAML diagnostic block for failures
 * and informational cases. Skips use `# SKIP`, known failures `# TODO` (TAP's word for an expected failure).
 * Every YAML value is a JSON scalar or flow collection (valid YAML 1.2) on one line, so no untrusted text can
 * break the block.
 */

import { isFailing } from "../results.ts";
import type { CaseResult, RunResult } from "../results.ts";
import { isKnownFailure, jsonText, terminalSafe, totalsLine, truncate } from "./_text.ts";
import { expectNote, preconditionLines, suiteFailureLines } from "./_notes.ts";

/** Longest YAML value copied from expected/actual. */
const VALUE_CAP = 4000;

/** Escapes characters JSON leaves raw but YAML treats as breaks or forbids (DEL, C1, LS/PS, BOM, non-characters). */
function yamlSafe(json: string): string {
  return json.replace(
    /[\u007F-\u009F\u2028\u2029\uFEFF\uFFFE\uFFFF]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A YAML double-quoted scalar for any string. */
function yStr(s: string): string {
  return yamlSafe(JSON.stringify(s));
}

/** A YAML value for any data: JSON flow when short, else a quoted cut-down string. */
function yVal(v: unknown): string {
  const j = jsonText(v);
  if (v === undefined) return "null";
  return j.length <= VALUE_CAP ? yamlSafe(j) : yStr(truncate(j, VALUE_CAP));
}

/** A test point description or directive reason: one line, `#` and `\` escaped (TAP 14). */
function desc(s: string): string {
  return terminalSafe(s, true).replace(/\\/g, "\\\\").replace(/#/g, "\\#");
}

function yaml(c: CaseResult): string[] {
  const y: [string, string][] = [
    ["verdict", yStr(c.verdict)],
    ["clause", yStr(c.clause)],
    ["level", yStr(c.level)],
    ["title", yStr(c.title)],
    ["requirement", yStr(c.requirement)],
  ];
  if (c.reason !== null) y.push(["reason", yStr(c.reason)]);
  if (c.rootCause) y.push(["root_cause", yStr(c.rootCause)]);
  if (c.expected !== undefined) y.push(["expected", yVal(c.expected)]);
  if (c.actual !== undefined) y.push(["actual", yVal(c.actual)]);
  if (c.known) y.push(["known", yStr(c.known.reason)]);
  if (c.reproduce) y.push(["reproduce", yStr(c.reproduce)]);
  if (c.repeats.length > 1) y.push(["repeats", yVal(c.repeats)]);
  if (c.evidence?.adversary) {
    y.push(["adversary", yVal({ mode: c.evidence.adversary.mode, seed: c.evidence.adversary.seed })]);
  }
  y.push(["duration_ms", yVal(c.durationMs)]);
  return ["  ---", ...y.map(([k, v]) => `  ${k}: ${v}`), "  ..."];
}

/** The run as TAP version 14 text. */
export function reportTap(run: RunResult): string {
  const out = ["TAP version 14"];
  out.push(
    `# ${
      desc(`${run.tool.name} ${run.tool.version} against ${run.implementation.name} ${run.implementation.version}`)
    }`,
  );
  const sanity = (label: string, s: RunResult["sanity"]["before"]) =>
    `# sanity ${label}: ${s === null ? "not run" : `${s.ok ? "ok" : "FAILED"} ${desc(s.detail)}`}`;
  if (run.incomplete) out.push(`# INCOMPLETE: interrupted by ${desc(run.incomplete.signal)}`);
  out.push(sanity("before", run.sanity.before));
  if (run.cases.length === 0) {
    out.push("1..0 # SKIP no case selected: a run that selects no case is an error");
  } else {
    out.push(`1..${run.cases.length}`);
  }
  run.cases.forEach((c, i) => {
    const n = i + 1;
    const id = desc(c.id);
    if (isKnownFailure(c)) {
      out.push(`not ok ${n} - ${id} # TODO known failure: ${desc(c.known!.reason)}`, ...yaml(c));
    } else if (isFailing(c.verdict)) {
      out.push(`not ok ${n} - ${id}${c.verdict === "fail" ? "" : ` (${c.verdict})`}`, ...yaml(c));
    } else if (c.verdict === "skip") {
      out.push(`ok ${n} - ${id} # SKIP ${desc(c.reason ?? "skipped")}`);
    } else if (c.verdict === "not-run") {
      out.push(`not ok ${n} - ${id} # SKIP not run: ${desc(c.reason ?? "not run")}`);
    } else if (c.verdict === "info") {
      out.push(`ok ${n} - ${id}`, ...yaml(c));
    } else {
      out.push(`ok ${n} - ${id}`);
    }
  });
  const s = run.summary;
  for (const id of s.unexpectedPasses) out.push(`# unexpected pass of a known failure: ${desc(id)}`);
  for (const id of s.unstable) out.push(`# unstable across repeats: ${desc(id)}`);
  for (const l of preconditionLines(run)) out.push(`# precondition failed: ${desc(l)}`);
  for (const l of suiteFailureLines(run)) out.push(`# suite failure (not the implementation's): ${desc(l)}`);
  out.push(sanity("after", run.sanity.after));
  out.push(`# ${totalsLine(s)}`);
  const note = expectNote(run);
  out.push(`# exit code ${run.exitCode}${note ? `: ${desc(note)}` : ""}`);
  return out.join("\n") + "\n";
}
