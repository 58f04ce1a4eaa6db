/**
 * HTML reporter (SPEC §12.6): one self-contained file — inline CSS and one inline script pinned by a CSP
 * hash, no external resource. Header, summary bar (`#summary`), opt-in matrix grids (`#matrix`), a filter
 * box and one <details id="case-<id>"> per case with its evidence. All text is escaped: evidence is untrusted.
 */

import { isFailing, VERDICTS } from "../results.ts";
import type { CaseResult, MatrixCell, RunResult, SanityResult } from "../results.ts";
import { csp, CSS, SCRIPT } from "./_html_assets.ts";
import { evidenceHtml } from "./_html_evidence.ts";
import { AXES, axisLabel, matrixGrid, SIDES } from "./_matrix.ts";
import { exitWhy } from "./_exit.ts";
import { preconditionLines, suiteFailureLines } from "./_notes.ts";
import {
  duration,
  escapeHtml as h,
  isKnownFailure,
  isoTime,
  pretty,
  totalsLine,
  truncate,
  VERDICT_WORD,
} from "./_text.ts";

/** The element id of a case's <details> (whitespace, which ids may not hold, becomes "_"). */
export function caseAnchor(id: string): string {
  return `case-${id.replace(/\s/g, "_")}`;
}

function sanityHtml(label: string, s: SanityResult | null): string {
  if (s === null) return `<li>Sanity ${label}: <span class="mute">not run</span></li>`;
  const state = s.ok ? "ok" : s.unsupported ? "UNSUPPORTED" : "FAILED";
  const tail = s.stderr ? `<pre class="stderr">${h(s.stderr)}</pre>` : "";
  return `<li>Sanity ${label}: <span class="result ${s.ok ? "ok" : "bad"}">${state}</span> (${
    h(duration(s.durationMs))
  }) ${h(s.detail)}${tail}</li>`;
}

function headerHtml(run: RunResult): string {
  const o = run.options;
  const opts = [
    o.tags.length ? `tags ${o.tags.join(", ")}` : "",
    o.cases.length ? `cases ${o.cases.join(", ")}` : "",
    o.clauses?.length ? `clauses ${o.clauses.join(", ")}` : "",
    o.skip?.length ? `skip ${o.skip.join(", ")}` : "",
    o.seed !== undefined && o.seed !== null ? `seed ${o.seed}` : "",
    o.shard ? `shard ${o.shard}` : "",
    `repeat ${o.repeat}`,
    `jobs ${o.jobs}`,
    o.strict ? "strict" : "",
  ].filter(Boolean).join(" · ");
  const result = run.exitCode === 0
    ? `<p class="result ok">Exit code 0: ${h(exitWhy(run))}</p>`
    : `<p class="result bad">Exit code ${h(String(run.exitCode))}: ${h(exitWhy(run))}</p>`;
  const incomplete = run.incomplete
    ? `<p class="result bad" id="incomplete">INCOMPLETE: the run was interrupted (${
      h(run.incomplete.signal)
    }); cases it did not reach are "not run"</p>`
    : "";
  return `<header>
<h1>ShieldCall conformance report</h1>
<p>Implementation: <b>${h(run.implementation.name)}</b> ${h(run.implementation.version)} — <code>${
    h(run.implementation.command)
  }</code></p>
<p>Tool: ${h(run.tool.name)} ${h(run.tool.version)} · Started ${h(isoTime(run.startedAt))} · Finished ${
    h(isoTime(run.finishedAt))
  } · Duration ${h(duration(run.durationMs))}</p>
<p>Options: ${h(opts)}</p>
${incomplete}${result}
</header>`;
}

function summaryHtml(run: RunResult): string {
  const s = run.summary;
  const segs = VERDICTS.filter((v) => s[v] > 0)
    .map((v) =>
      `<span class="seg ${v}" style="flex-grow:${Number(s[v]) || 0}" title="${s[v]} ${VERDICT_WORD[v]}">${
        s[v]
      } ${v}</span>`
    ).join("");
  const lists: string[] = [sanityHtml("before", run.sanity.before), sanityHtml("after", run.sanity.after)];
  if (s.knownFailures > 0) lists.push(`<li>Known failures: ${s.knownFailures}</li>`);
  if (s.unexpectedPasses.length > 0) {
    lists.push(
      `<li>Unexpected passes of known failures: ${
        s.unexpectedPasses.map((id) => `<a href="#${h(caseAnchor(id))}">${h(id)}</a>`).join(", ")
      }</li>`,
    );
  }
  if (s.unstable.length > 0) {
    lists.push(`<li>Unstable across repeats: ${
      s.unstable.map((id) => {
        const c = run.cases.find((x) => x.id === id);
        return `<a href="#${h(caseAnchor(id))}">${h(id)}</a>${c ? ` (${h(c.repeats.join(", "))})` : ""}`;
      }).join(", ")
    }</li>`);
  }
  for (const l of preconditionLines(run)) lists.push(`<li class="result bad">Precondition failed: ${h(l)}</li>`);
  for (const l of suiteFailureLines(run)) lists.push(`<li>Suite failure (not the implementation's): ${h(l)}</li>`);
  if (run.cases.length === 0) {
    lists.push(`<li class="result bad">No case selected: a run that selects no case is an error</li>`);
  }
  return `<section id="summary" data-total="${s.total}" data-pass="${s.pass}" data-fail="${s.fail}" ` +
    `data-skip="${s.skip}" data-info="${s.info}" data-must-failed="${s.mustFailed}" ` +
    `data-known-failures="${s.knownFailures}">
<h2>Summary</h2>
<div class="bar">${segs}</div>
<p class="totals">${h(totalsLine(s))}</p>
<ul>${lists.join("\n")}</ul>
</section>`;
}

function cellHtml(c: MatrixCell | undefined, row: string, col: string): string {
  if (!c) return `<td class="cell none" title="not run">—</td>`;
  const title = `caller ${row}, callee ${col}: expected ${
    c.expectedE2EE ? "E2EE" : "standard call"
  }, ${c.verdict} (${c.caseId})`;
  return `<td class="cell ${c.verdict}" data-verdict="${c.verdict}" data-expected-e2ee="${c.expectedE2EE}" title="${
    h(title)
  }"><a href="#${h(caseAnchor(c.caseId))}"><span class="e2ee">E2EE ${
    c.expectedE2EE ? "on" : "off"
  }</span><span class="v">${c.verdict}</span></a></td>`;
}

function matrixHtml(run: RunResult): string {
  const grids: string[] = [];
  for (const side of SIDES) {
    const { grid, extra } = matrixGrid(run.matrix, side);
    if (grid.every((r) => r.every((c) => c === undefined)) && extra.length === 0) continue;
    const head = `<tr><th>caller ↓ / callee →</th>${AXES.map((a) => `<th>${h(axisLabel(a))}</th>`).join("")}</tr>`;
    const rows = grid.map((r, i) =>
      `<tr><th>${h(axisLabel(AXES[i]))}</th>${
        r.map((c, k) => cellHtml(c, axisLabel(AXES[i]), axisLabel(AXES[k]))).join("")
      }</tr>`
    );
    const more = extra.length
      ? `<p class="mute">${extra.length} cell(s) not shown (duplicate or unknown coordinates)</p>`
      : "";
    grids.push(`<figure><figcaption>Implementation as <b>${side}</b></figcaption>
<table class="grid" data-side="${side}"><thead>${head}</thead><tbody>
${rows.join("\n")}
</tbody></table>${more}</figure>`);
  }
  const body = grids.length
    ? `<p class="mute">Rows: caller's effective policy / E2EE setting; columns: callee's. ` +
      `Each cell shows whether the call is expected to be E2EE and the verdict.</p>` +
      `<div class="grids">${grids.join("\n")}</div>`
    : `<p class="mute">No opt-in matrix in this run</p>`;
  return `<section id="matrix"><h2>Opt-in matrix (SPEC §2.1 P4)</h2>\n${body}\n</section>`;
}

function filtersHtml(run: RunResult): string {
  const boxes = VERDICTS.map((v) =>
    `<label><input type="checkbox" data-verdict-toggle value="${v}" checked> ${v}</label>`
  ).join("");
  return `<div class="filters">` +
    `<input id="filter" type="search" placeholder="Filter by id, title, clause, tag or reason" ` +
    `aria-label="Filter cases">` +
    `${boxes}
<button type="button" id="expand-all">Expand all</button> <button type="button" id="collapse-all">Collapse all</button>
<span id="shown" class="mute">${run.cases.length} case${run.cases.length === 1 ? "" : "s"}</span></div>`;
}

function valueBlock(title: string, v: unknown): string {
  if (v === undefined) return `<div><h3>${title}</h3><p class="mute">not recorded</p></div>`;
  const p = pretty(v, 65536);
  return `<div><h3>${title}</h3><pre>${h(p.text)}</pre>${
    p.truncated ? `<p class="truncated">Truncated</p>` : ""
  }</div>`;
}

function caseHtml(c: CaseResult): string {
  const known = isKnownFailure(c);
  const badge = known
    ? `<span class="badge known">KNOWN FAIL</span>`
    : `<span class="badge ${h(c.verdict)}">${h(c.verdict.toUpperCase())}</span>`;
  const search = [c.id, c.title, c.clause, c.level, c.verdict, ...(c.tags ?? []), truncate(c.reason ?? "", 500)].join(
    " ",
  ).toLowerCase();
  const rows: [string, string][] = [
    ["Requirement", h(c.requirement)],
    ["Verdict", `${h(c.verdict)}${known ? " (known failure)" : ""}`],
    ["Reason", c.reason === null ? `<span class="mute">—</span>` : h(c.reason)],
    ["Clause / level", `${h(c.clause)} · ${h(c.level)}`],
    ["Tags", h((c.tags ?? []).join(", "))],
    ["Duration", h(duration(c.durationMs))],
  ];
  if (c.known) rows.push(["Known failure", h(c.known.reason)]);
  if (c.reproduce) rows.push(["Reproduce", `<code class="repro">${h(c.reproduce)}</code>`]);
  if (c.repeats.length > 1) rows.push(["Repeats", h(c.repeats.join(", "))]);
  const cmp = c.expected !== undefined || c.actual !== undefined
    ? `<div class="cmp">${valueBlock("Expected", c.expected)}${valueBlock("Actual", c.actual)}</div>`
    : "";
  return `<details id="${h(caseAnchor(c.id))}" class="case ${h(c.verdict)}${known ? " known" : ""}" data-verdict="${
    h(c.verdict)
  }" data-search="${h(search)}"${isFailing(c.verdict) ? " open" : ""}>
<summary>${badge} <code class="cid">${h(c.id)}</code> ${h(c.title)}<span class="clause">${
    h(c.clause)
  }</span><span class="level">${h(c.level)}</span><span class="dur">${h(duration(c.durationMs))}</span></summary>
<dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join("")}</dl>
${cmp}
${evidenceHtml(c)}
</details>`;
}

/** The run as one self-contained HTML page. */
export function reportHtml(run: RunResult): string {
  const title = `ShieldCall conformance: ${run.implementation.name} ${run.implementation.version}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(csp())}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${CSS}</style>
</head>
<body>
${headerHtml(run)}
${summaryHtml(run)}
${matrixHtml(run)}
<section id="cases"><h2>Cases</h2>
${filtersHtml(run)}
${run.cases.map(caseHtml).join("\n")}
</section>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
