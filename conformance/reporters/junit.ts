/**
 * JUnit XML reporter (SPEC §12.6): one <testsuite> per area (the case id before the first dot), plus a
 * `shieldcall.sanity` suite for the sanity calls. Failures carry expected/actual and the requirement text;
 * known failures are reported as skipped (type "known-failure", as pytest does for xfail) so CI shows them
 * without going red; informational cases pass with a <system-out>. All text is escaped and stripped of
 * characters XML 1.0 forbids.
 */

import { isFailing } from "../results.ts";
import type { CaseResult, RunResult, SanityResult } from "../results.ts";
import {
  areaOf,
  compact,
  escapeXmlAttr as attr,
  escapeXmlText as text,
  isKnownFailure,
  isoTime,
  pretty,
  seconds,
  truncate,
} from "./_text.ts";
import { expectNote, plural, preconditionLines, suiteFailureLines } from "./_notes.ts";

/** Characters of evidence (stderr, notes) copied into <system-out>/<system-err> per case. */
const EVIDENCE_CAP = 20000;

interface Tc {
  name: string;
  time: number;
  body: string;
  kind: "pass" | "fail" | "skip" | "error";
}

function detailText(c: CaseResult): string {
  const lines: string[] = [];
  if (c.reason) lines.push(`reason: ${c.reason}`);
  if (c.expected !== undefined) lines.push(`expected: ${pretty(c.expected, 8000).text}`);
  if (c.actual !== undefined) lines.push(`actual: ${pretty(c.actual, 8000).text}`);
  lines.push(`requirement (${c.clause}, ${c.level}): ${c.requirement}`);
  if (c.known) lines.push(`known failure: ${c.known.reason}`);
  if (c.reproduce) lines.push(`reproduce: ${c.reproduce}`);
  if (c.repeats.length > 1) lines.push(`repeats: ${c.repeats.join(", ")}`);
  return lines.join("\n");
}

function evidenceOut(c: CaseResult): { out: string; err: string } {
  const ev = c.evidence;
  const out: string[] = [];
  if (c.verdict === "info") {
    out.push(`informational: ${c.reason ?? ""}`);
    if (c.actual !== undefined) out.push(`observed: ${compact(c.actual, 2000)}`);
  }
  if (c.verdict === "pass" && c.known) out.push(`unexpected pass: listed as a known failure (${c.known.reason})`);
  if (new Set(c.repeats).size > 1) out.push(`unstable across repeats: ${c.repeats.join(", ")}`);
  if (ev?.adversary) {
    out.push(
      `adversary: ${ev.adversary.mode} seed ${ev.adversary.seed}, ${plural(ev.adversary.actions.length, "action")}`,
    );
  }
  for (const [k, v] of Object.entries(ev?.timings ?? {})) out.push(`timing ${k}: ${v} ms`);
  for (const n of ev?.notes ?? []) out.push(`note: ${n}`);
  const err = (ev?.drivers ?? []).filter((d) => d.stderr).map((d) => `--- ${d.role} stderr ---\n${d.stderr}`).join(
    "\n",
  );
  return { out: truncate(out.join("\n"), EVIDENCE_CAP), err: truncate(err, EVIDENCE_CAP) };
}

function caseTc(c: CaseResult, interrupted = false): Tc {
  const parts: string[] = [];
  let kind: Tc["kind"] = "pass";
  const where = `[${c.level} ${c.clause}]`;
  if (isKnownFailure(c)) {
    kind = "skip";
    parts.push(
      `<skipped type="known-failure" message="${attr(`known failure: ${c.known!.reason}`)}">${
        text(detailText(c))
      }</skipped>`,
    );
  } else if (isFailing(c.verdict)) {
    // A plain fail is a <failure>; timeout, crash and adapter-error are <error>s of that type (JUnit's word for "did
    // not complete"), so CI tools keep them apart as SPEC §12.2 does.
    kind = c.verdict === "fail" ? "fail" : "error";
    const tag = c.verdict === "fail" ? "failure" : "error";
    const type = c.verdict === "fail" ? `${c.level} ${c.clause}` : c.verdict;
    parts.push(
      `<${tag} type="${attr(type)}" message="${
        attr(`${where} ${c.verdict === "fail" ? "" : `${c.verdict}: `}${c.reason ?? "failed"}`)
      }">${text(detailText(c))}</${tag}>`,
    );
  } else if (c.verdict === "not-run" && interrupted) {
    // An interrupted run is not green: every case it did not reach is an error naming the interruption.
    kind = "error";
    parts.push(`<error type="not-run" message="${attr(c.reason ?? "not run: the run was interrupted")}"/>`);
  } else if (c.verdict === "skip" || c.verdict === "not-run") {
    kind = "skip";
    parts.push(
      `<skipped${c.verdict === "not-run" ? ` type="not-run"` : ""} message="${attr(c.reason ?? c.verdict)}"/>`,
    );
  }
  const ev = evidenceOut(c);
  if (ev.out) parts.push(`<system-out>${text(ev.out)}</system-out>`);
  if (ev.err && isFailing(c.verdict)) parts.push(`<system-err>${text(ev.err)}</system-err>`);
  return { name: c.id, time: c.durationMs, body: parts.join("\n      "), kind };
}

function sanityTc(name: string, s: SanityResult): Tc {
  return {
    name,
    time: s.durationMs,
    kind: s.ok ? "pass" : "error",
    body: s.ok
      ? `<system-out>${text(s.detail)}</system-out>`
      : `<error type="sanity" message="${attr(`Sanity call failed: ${s.detail}`)}">${text(s.stderr ?? "")}</error>`,
  };
}

function suite(name: string, tcs: Tc[], run: RunResult): string {
  const n = (k: Tc["kind"]) => tcs.filter((t) => t.kind === k).length;
  const time = tcs.reduce((a, t) => a + (Number.isFinite(t.time) ? t.time : 0), 0);
  const props: [string, string][] = [
    ["tool", `${run.tool.name} ${run.tool.version}`],
    ["implementation", `${run.implementation.name} ${run.implementation.version}`],
    ["implementation.command", run.implementation.command],
    ["exitCode", String(run.exitCode)],
    ...(run.incomplete ? [["incomplete", `interrupted by ${run.incomplete.signal}`] as [string, string]] : []),
    ...preconditionLines(run).map((l) => ["precondition-failed", l] as [string, string]),
    ...(expectNote(run) ? [["expect", expectNote(run)!] as [string, string]] : []),
    ...suiteFailureLines(run).map((l) => ["suite-failure", l] as [string, string]),
  ];
  const lines = [
    `  <testsuite name="${attr(name)}" tests="${tcs.length}" failures="${n("fail")}" errors="${n("error")}" skipped="${
      n("skip")
    }" time="${seconds(time)}" timestamp="${attr(isoTime(run.startedAt).replace(/\.\d{3}Z$/, ""))}">`,
    `    <properties>`,
    ...props.map(([k, v]) => `      <property name="${attr(k)}" value="${attr(v)}"/>`),
    `    </properties>`,
  ];
  for (const t of tcs) {
    const open = `    <testcase classname="${attr(name)}" name="${attr(t.name)}" time="${seconds(t.time)}"`;
    lines.push(t.body ? `${open}>\n      ${t.body}\n    </testcase>` : `${open}/>`);
  }
  lines.push(`  </testsuite>`);
  return lines.join("\n");
}

/** The run as JUnit XML (one testsuite per case area, classname `shieldcall.<area>`). */
export function reportJUnit(run: RunResult): string {
  const byArea = new Map<string, Tc[]>();
  for (const c of run.cases) {
    const key = `shieldcall.${areaOf(c.id)}`;
    if (!byArea.has(key)) byArea.set(key, []);
    byArea.get(key)!.push(caseTc(c, run.incomplete !== null));
  }
  const sanity: Tc[] = [];
  if (run.sanity.before) sanity.push(sanityTc("sanity.before", run.sanity.before));
  if (run.sanity.after) sanity.push(sanityTc("sanity.after", run.sanity.after));
  if (run.cases.length === 0) {
    sanity.push({
      name: "selection",
      time: 0,
      kind: "error",
      body: `<error type="selection" message="No case selected: a run that selects no case is an error"/>`,
    });
  }
  if (run.incomplete) {
    const notRun = run.cases.filter((c) => c.verdict === "not-run").length;
    sanity.push({
      name: "interrupted",
      time: 0,
      kind: "error",
      body: `<error type="interrupted" message="${
        attr(`The run was interrupted (${run.incomplete.signal}): ${plural(notRun, "case")} not run`)
      }"/>`,
    });
  }
  if (sanity.length > 0) byArea.set("shieldcall.sanity", sanity);

  const all = [...byArea.values()].flat();
  const n = (k: Tc["kind"]) => all.filter((t) => t.kind === k).length;
  const head = `<testsuites name="${
    attr(`${run.tool.name} conformance: ${run.implementation.name} ${run.implementation.version}`)
  }" tests="${all.length}" failures="${n("fail")}" errors="${n("error")}" skipped="${n("skip")}" time="${
    seconds(run.durationMs)
  }">`;
  const suites = [...byArea.entries()].map(([name, tcs]) => suite(name, tcs, run));
  return [`<?xml version="1.0" encoding="UTF-8"?>`, head, ...suites, `</testsuites>`, ""].join("\n");
}
