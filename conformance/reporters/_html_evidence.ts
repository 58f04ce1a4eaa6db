/**
 * Renders one case's evidence (SPEC §12.3) as collapsible HTML: driver transcripts per role with relative
 * timestamps and direction, stderr, each call's signaling log as a timeline table, relay/processor summaries,
 * adversary seed and actions, timings and notes. Evidence comes from the implementation under test: every
 * string is escaped and every list is capped.
 */

import type { CaseResult, Evidence } from "../results.ts";
import { escapeHtml as h, jsonText, pretty, truncate } from "./_text.ts";

/** Caps on evidence size per case, so one chatty adapter cannot make the report unusable. */
export const CAPS = {
  transcriptLines: 2000,
  lineChars: 4000,
  stderrChars: 65536,
  logEntries: 2000,
  jsonChars: 65536,
  actions: 500,
} as const;

/** Time relative to the case start as `+123 ms` (absolute times before the start show as negative). */
function rel(at: number, start: number): string {
  if (!Number.isFinite(at)) return "?";
  const d = Math.round(at - start);
  return `${d >= 0 ? "+" : "−"}${Math.abs(d)} ms`;
}

function cut(total: number, cap: number, what: string): string {
  return total > cap ? `<p class="truncated">Truncated: showing the first ${cap} of ${total} ${what}</p>` : "";
}

function jsonBlock(title: string, v: unknown): string {
  if (v === undefined || v === null) return `<p class="mute">${h(title)}: none</p>`;
  const p = pretty(v, CAPS.jsonChars);
  return `<details class="ev"><summary>${h(title)}</summary><pre>${h(p.text)}</pre>${
    p.truncated ? `<p class="truncated">Truncated at ${CAPS.jsonChars} characters</p>` : ""
  }</details>`;
}

function driverHtml(d: Evidence["drivers"][number], start: number): string {
  const lines = Array.isArray(d.transcript) ? d.transcript : [];
  const rows = lines.slice(0, CAPS.transcriptLines).map((l) => {
    const out = l.dir === "->";
    return `<tr><td>${h(rel(l.at, start))}</td><td class="dir ${out ? "out" : "in"}" title="${
      out ? "sent to the adapter" : "received from the adapter"
    }">${h(String(l.dir))}</td><td class="line mono">${h(truncate(String(l.line), CAPS.lineChars))}</td></tr>`;
  });
  const exit = d.exit === null
    ? "still running"
    : d.exit.signal
    ? `signal ${d.exit.signal}`
    : `exit code ${d.exit.code}`;
  const stderr = typeof d.stderr === "string" ? d.stderr : "";
  const err = stderr
    ? `<details class="ev stderr"><summary>stderr (${stderr.length} characters)</summary><pre class="stderr">${
      h(stderr.slice(0, CAPS.stderrChars))
    }</pre>${cut(stderr.length, CAPS.stderrChars, "characters")}</details>`
    : `<p class="mute">stderr: empty</p>`;
  return `<details class="ev driver"><summary>Driver <b>${h(d.role)}</b> — ${lines.length} transcript lines, ${
    h(exit)
  }</summary>
<p>Command: <code>${h(d.command)}</code></p>
<table class="transcript"><thead><tr><th>time</th><th>dir</th><th>JSON-RPC line</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>${cut(lines.length, CAPS.transcriptLines, "lines")}
${err}</details>`;
}

function callHtml(c: Evidence["calls"][number], start: number): string {
  const log = Array.isArray(c.log) ? c.log : [];
  const rows = log.slice(0, CAPS.logEntries).map((e) =>
    `<tr><td>${h(rel(e.at, start))}</td><td class="mono">${h(String(e.event))}</td><td class="detail mono">${
      e.detail === undefined ? "" : h(truncate(jsonText(e.detail), CAPS.lineChars))
    }</td></tr>`
  );
  return `<details class="ev call"><summary>Call <code>${h(c.callId)}</code> — topology ${
    h(c.topology ?? "unknown")
  }, ${log.length} events</summary>
<table class="timeline"><thead><tr><th>time</th><th>event</th><th>detail</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>${cut(log.length, CAPS.logEntries, "events")}
${jsonBlock("Relay summary", c.relay)}
${jsonBlock("Media processor summary", c.processor)}</details>`;
}

/** The evidence section of one case (open by default for failing cases). */
export function evidenceHtml(c: CaseResult): string {
  const ev = c.evidence;
  if (!ev) return `<p class="mute">No evidence recorded</p>`;
  const parts: string[] = [];
  for (const d of ev.drivers ?? []) parts.push(driverHtml(d, c.startedAt));
  for (const call of ev.calls ?? []) parts.push(callHtml(call, c.startedAt));
  if (ev.adversary) {
    const actions = Array.isArray(ev.adversary.actions) ? ev.adversary.actions : [];
    parts.push(
      `<details class="ev adversary"><summary>Adversary <b>${h(ev.adversary.mode)}</b>, seed <code>${
        h(String(ev.adversary.seed))
      }</code>, ${actions.length} action${actions.length === 1 ? "" : "s"}</summary>
<pre>${h(pretty(actions.slice(0, CAPS.actions), CAPS.jsonChars).text)}</pre>${
        cut(actions.length, CAPS.actions, "actions")
      }</details>`,
    );
  }
  const timings = Object.entries(ev.timings ?? {});
  if (timings.length > 0) {
    parts.push(
      `<details class="ev timings"><summary>Timings</summary><table><tbody>${
        timings.map(([k, v]) => `<tr><td>${h(k)}</td><td class="mono">${h(String(v))} ms</td></tr>`).join("")
      }</tbody></table></details>`,
    );
  }
  if ((ev.notes ?? []).length > 0) {
    parts.push(`<ul class="notes">${ev.notes.map((n) => `<li>${h(n)}</li>`).join("")}</ul>`);
  }
  if (parts.length === 0) return `<p class="mute">No evidence recorded</p>`;
  return `<details class="evidence"${c.verdict === "fail" ? " open" : ""}><summary>Evidence</summary>\n${
    parts.join("\n")
  }\n</details>`;
}
