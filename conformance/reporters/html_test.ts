import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { caseAnchor, reportHtml } from "./html.ts";
import { CAPS } from "./_html_evidence.ts";
import { SCRIPT } from "./_html_assets.ts";
import { NASTY_STDERR, SAMPLE_TRANSCRIPT_LINE, sampleRun } from "./_testing/sample.ts";
import { scanHtml } from "./_testing/wellformed.ts";
import { escapeHtml } from "./_text.ts";
import { sha256 } from "@noble/hashes/sha2.js";
import { utf8ToBytes } from "@noble/hashes/utils.js";

const VOID = new Set([
  "meta",
  "input",
  "br",
  "img",
  "link",
  "hr",
  "col",
  "area",
  "base",
  "wbr",
  "source",
  "track",
  "embed",
]);

/** Checks that every non-void element is closed in order (our output closes everything explicitly). */
function unbalanced(html: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  const re = /<(\/?)([A-Za-z][A-Za-z0-9-]*)\b(?:"[^"]*"|'[^']*'|[^'">])*>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const name = m[2].toLowerCase();
    if (m[1]) {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> closes <${open}>`);
    } else if (!VOID.has(name)) {
      stack.push(name);
      if (name === "script" || name === "style") {
        const end = html.indexOf(`</${name}>`, re.lastIndex);
        re.lastIndex = end < 0 ? html.length : end;
      }
    }
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(" > ")}`);
  return problems;
}

/** The <details> element of a case, as text. */
function caseBlock(html: string, id: string): string {
  const start = html.indexOf(`<details id="${escapeHtml(caseAnchor(id))}"`);
  assert.ok(start >= 0, `case block ${id}`);
  let depth = 0;
  const re = /<(\/?)details\b[^>]*>/g;
  re.lastIndex = start;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    depth += m[1] ? -1 : 1;
    if (depth === 0) return html.slice(start, re.lastIndex);
  }
  throw new Error(`unterminated case block ${id}`);
}

describe("reportHtml()", () => {
  test("reportHtml() is one balanced document with a single inline script and no external resource", () => {
    const html = reportHtml(sampleRun());
    assert.ok(html.startsWith("<!DOCTYPE html>"));
    assert.deepEqual(unbalanced(html), []);
    const { tags, scripts } = scanHtml(html);
    assert.equal(tags.filter((t) => t.name === "script").length, 1);
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0], SCRIPT);
    assert.equal((html.match(/<script/gi) ?? []).length, 1, "no other <script anywhere, even as text");
    for (const t of tags) {
      for (const a of ["src", "href", "action", "formaction", "poster", "data", "srcset", "background"]) {
        if (a in t.attrs) {
          assert.ok(t.attrs[a].startsWith("#"), `<${t.name} ${a}="${t.attrs[a]}"> must be an in-page link`);
        }
      }
      assert.ok(!Object.keys(t.attrs).some((a) => a.startsWith("on")), `no event handler attribute on <${t.name}>`);
      assert.ok(!["link", "iframe", "object", "embed", "img", "base", "form"].includes(t.name), `no <${t.name}>`);
    }
    assert.ok(!/url\(|@import/i.test(html), "no CSS fetches");
  });

  test("reportHtml() pins its script with a CSP hash that matches the script", () => {
    const html = reportHtml(sampleRun());
    const csp = scanHtml(html).tags.find((t) =>
      t.name === "meta" && t.attrs["http-equiv"] === "Content-Security-Policy"
    );
    assert.ok(csp);
    const b64 = btoa(Array.from(sha256(utf8ToBytes(SCRIPT)), (b) => String.fromCharCode(b)).join(""));
    const content = csp.attrs.content.replace(/&#39;/g, "'");
    assert.ok(content.includes(`script-src 'sha256-${b64}'`));
    assert.ok(content.includes("default-src 'none'"));
  });

  test("reportHtml() summary bar carries the counts as data attributes and segments", () => {
    const run = sampleRun();
    const html = reportHtml(run);
    const s = scanHtml(html).tags.find((t) => t.attrs.id === "summary");
    assert.ok(s);
    for (const v of ["pass", "fail", "skip", "info"] as const) {
      assert.equal(s.attrs[`data-${v}`], String(run.summary[v]), v);
      assert.ok(html.includes(`<span class="seg ${v}" style="flex-grow:${run.summary[v]}" `), `segment ${v}`);
    }
    assert.equal(s.attrs["data-must-failed"], String(run.summary.mustFailed));
  });

  test("reportHtml() matrix has a 4x4 grid per side with cells coloured by verdict and showing expected E2EE", () => {
    const run = sampleRun();
    const html = reportHtml(run);
    const m = html.slice(
      html.indexOf('<section id="matrix">'),
      html.indexOf("</section>", html.indexOf('<section id="matrix">')),
    );
    for (const side of ["caller", "callee"] as const) {
      const g = m.slice(m.indexOf(`data-side="${side}"`), m.indexOf("</table>", m.indexOf(`data-side="${side}"`)));
      const cells = run.matrix.filter((c) => c.implementationAs === side);
      assert.equal((g.match(/<td class="cell /g) ?? []).length, 16, side);
      for (const v of ["pass", "fail", "skip"] as const) {
        assert.equal(
          (g.match(new RegExp(`<td class="cell ${v}"`, "g")) ?? []).length,
          cells.filter((c) => c.verdict === v).length,
          `${side} ${v}`,
        );
      }
      assert.equal((g.match(/E2EE on/g) ?? []).length, cells.filter((c) => c.expectedE2EE).length, `${side} E2EE on`);
    }
  });

  test("reportHtml() renders each case as details, failing ones open, with requirement and evidence", () => {
    const run = sampleRun();
    const html = reportHtml(run);
    for (const c of run.cases) {
      const b = caseBlock(html, c.id);
      const open = /^<details [^>]*\sopen>/.test(b);
      assert.equal(open, c.verdict === "fail", `${c.id} open iff failing`);
      assert.ok(b.includes(`class="case ${c.verdict}`), `${c.id} class`);
      assert.ok(b.includes(escapeHtml(c.requirement)), `${c.id} requirement`);
      assert.ok(b.includes(escapeHtml(c.title)));
    }
    const mitm = caseBlock(html, "verify.mitm-differs");
    assert.ok(mitm.includes(escapeHtml(SAMPLE_TRANSCRIPT_LINE)), "transcript line");
    assert.ok(mitm.includes("<td>+912 ms</td>"), "relative timestamp");
    assert.ok(mitm.includes("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), "stderr escaped");
    assert.ok(mitm.includes("[31mred[0m bell nul vt ff lone end"), "stderr control characters stripped");
    assert.ok(NASTY_STDERR.includes("\u001b[31m"));
    assert.ok(mitm.includes("adversary.swap-key") && mitm.includes("<b>mitm</b>") && mitm.includes("424242"));
    assert.ok(mitm.includes("&quot;forwarded&quot;: 1893"), "relay summary pretty JSON");
    assert.ok(mitm.includes("indicator-on"), "timings");
  });

  test("reportHtml() escapes hostile text in every field it shows", () => {
    const run = sampleRun();
    const evil = `</script><script>alert(1)</script><img src=x onerror=alert(2)>"'&`;
    const c = run.cases[4];
    c.id = `verify.${evil}`;
    c.title = evil;
    c.clause = evil;
    c.requirement = evil;
    c.reason = evil;
    c.tags.push(evil);
    c.expected = { [evil]: evil };
    c.evidence.drivers[0].role = evil;
    c.evidence.drivers[0].command = evil;
    c.evidence.drivers[0].transcript.push({ at: c.startedAt + 5, dir: "<-", line: evil });
    c.evidence.calls[0].callId = evil;
    c.evidence.calls[0].log.push({ at: c.startedAt, event: evil, detail: { evil } });
    c.evidence.adversary!.mode = evil;
    c.evidence.timings[evil] = 1;
    c.evidence.notes.push(evil);
    run.implementation.name = evil;
    run.implementation.command = evil;
    run.summary.unstable.push(c.id);
    const html = reportHtml(run);
    assert.equal((html.match(/<script/gi) ?? []).length, 1);
    assert.ok(!html.includes("<img"));
    assert.deepEqual(unbalanced(html), []);
    const { tags } = scanHtml(html);
    assert.ok(!tags.some((t) => Object.keys(t.attrs).some((a) => a.startsWith("on"))));
    assert.ok(html.includes(`id="case-verify.&lt;/script&gt;`));
    // deno-lint-ignore no-control-regex -- the control characters are what this pattern finds
    assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(html), "control characters stripped");
  });

  test("reportHtml() caps huge transcripts and says so", () => {
    const run = sampleRun();
    const d = run.cases[4].evidence.drivers[0];
    const n = CAPS.transcriptLines + 500;
    d.transcript = Array.from(
      { length: n },
      (_, i) => ({ at: run.cases[4].startedAt + i, dir: "->" as const, line: `{"i":${i}}` }),
    );
    d.stderr = "e".repeat(CAPS.stderrChars + 10);
    const html = reportHtml(run);
    const b = caseBlock(html, "verify.mitm-differs");
    assert.equal((b.match(/\{&quot;i&quot;:\d+\}/g) ?? []).length, CAPS.transcriptLines);
    assert.ok(
      b.includes(`{&quot;i&quot;:${CAPS.transcriptLines - 1}}`) &&
        !b.includes(`{&quot;i&quot;:${CAPS.transcriptLines}}`),
    );
    assert.ok(b.includes(`Truncated: showing the first ${CAPS.transcriptLines} of ${n} lines`));
    assert.ok(b.includes(`first ${CAPS.stderrChars} of ${CAPS.stderrChars + 10} characters`));
  });

  test("reportHtml() shows header facts, sanity, unexpected passes and unstable cases", () => {
    const run = sampleRun();
    const html = reportHtml(run);
    assert.ok(html.includes(escapeHtml(run.implementation.command)));
    assert.ok(html.includes(new Date(run.startedAt).toISOString()));
    assert.ok(html.includes(`${run.tool.name} ${run.tool.version}`));
    for (const id of [...run.summary.unexpectedPasses, ...run.summary.unstable]) {
      assert.ok(html.includes(`<a href="#${caseAnchor(id)}">${id}</a>`), id);
    }
    assert.match(html, /Sanity before: <span class="result ok">ok/);
    assert.ok(html.includes('id="filter"'));
  });
});
