/**
 * Opens reportHtml(sampleRun()) in Debian's headless Chromium and checks the DOM the browser built: the inline
 * script ran (so the CSP hash is right), the summary counts, the failing case open with its evidence, and the
 * hostile stderr present as text with no injected element. Skips when chromium is not installed
 * (CI: `apt-get install -y chromium`).
 */

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { reportHtml } from "./html.ts";
import { caseAnchor } from "./html.ts";
import { SAMPLE_TRANSCRIPT_LINE, sampleRun } from "./_testing/sample.ts";
import { scanHtml } from "./_testing/wellformed.ts";
import { findChromium } from "../../src/web/host/chromium.ts";
import { startCommand } from "../../src/_testing/child.ts";

/** Runs chromium --dump-dom on a file; kills the whole process group at the end or after `limitMs`. */
async function dumpDom(
  bin: string,
  file: string,
  profile: string,
  home: string,
  limitMs: number,
): Promise<{ dom: string; stderr: string; code: number | null }> {
  const args = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    `--user-data-dir=${profile}`,
    "--virtual-time-budget=2000",
    "--dump-dom",
    pathToFileURL(file).href,
  ];
  const r = await startCommand([bin, ...args], {
    env: { ...process.env, HOME: home },
    timeoutMs: limitMs,
    group: true, // helpers (zygote, crashpad) share the group
  }).done;
  return { dom: r.stdout, stderr: r.stderr.slice(-4000), code: r.code };
}

// A real skip with its reason (never an early return, which Deno would count as a pass); npm test fails on it.
const chromium = findChromium();

test("reportHtml() renders in headless Chromium with counts, open failing case, evidence and no injected script", {
  timeout: 60000,
  skip: chromium === null ? "chromium not installed: `apt-get install -y chromium` to run this test" : false,
}, async () => {
  const bin = chromium!;
  const root = mkdtempSync(join(tmpdir(), "shieldcall-html-"));
  try {
    const run = sampleRun();
    const mitm = run.cases.find((c) => c.id === "verify.mitm-differs")!;
    mitm.reason = `${mitm.reason} <script>document.title="pwned"</script>`;
    const file = join(root, "report.html");
    writeFileSync(file, reportHtml(run));
    const profile = mkdtempSync(join(root, "profile-"));
    const home = mkdtempSync(join(root, "home-"));
    const { dom, stderr, code } = await dumpDom(bin, file, profile, home, 45000);
    assert.ok(dom.includes("</html>"), `chromium dumped a DOM (exit ${code}): ${stderr.slice(-800)}`);

    const { tags } = scanHtml(dom);
    const html = tags.find((x) => x.name === "html")!;
    assert.equal(html.attrs["data-js"], "ready", "the inline script ran (CSP hash accepted)");
    assert.match(
      dom,
      new RegExp(`<span id="shown"[^>]*>${run.cases.length} of ${run.cases.length} cases shown</span>`),
      "filter script applied",
    );

    const summary = tags.find((x) => x.attrs.id === "summary");
    assert.ok(summary, "summary element");
    for (const v of ["pass", "fail", "skip", "info"] as const) {
      const n = run.cases.filter((c) => c.verdict === v).length;
      assert.equal(summary.attrs[`data-${v}`], String(n), `data-${v}`);
      assert.ok(dom.includes(`>${n} ${v}</span>`), `segment ${v} shows ${n}`);
    }

    const details = tags.find((x) => x.name === "details" && x.attrs.id === caseAnchor(mitm.id));
    assert.ok(details, "failing case details present");
    assert.ok("open" in details.attrs, "failing case open");
    assert.ok(details.attrs.class.split(" ").includes("fail"));
    const passing = tags.find((x) => x.name === "details" && x.attrs.id === caseAnchor(run.cases[0].id));
    assert.ok(passing && !("open" in passing.attrs), "passing case closed");

    assert.ok(dom.includes(SAMPLE_TRANSCRIPT_LINE), "transcript line shown as text");
    assert.ok(dom.includes("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), "stderr injection is text");
    assert.ok(dom.includes('&lt;script&gt;document.title="pwned"&lt;/script&gt;'), "reason injection is text");
    assert.equal(tags.filter((x) => x.name === "script").length, 1, "only the report's own script element");
    assert.equal(tags.filter((x) => x.name === "img").length, 0, "no injected img");
    assert.ok(!dom.includes("data-pwned") && !/<title>pwned/.test(dom), "no injected code ran");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
