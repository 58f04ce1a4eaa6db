import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { reportJUnit } from "./junit.ts";
import { sampleRun } from "./_testing/sample.ts";
import { xmlProblems } from "./_testing/wellformed.ts";
import { areaOf } from "./_text.ts";

/** Counts occurrences of a substring. */
function count(s: string, sub: string): number {
  return s.split(sub).length - 1;
}

describe("reportJUnit()", () => {
  test("reportJUnit() output of the sample run is well-formed XML", () => {
    const xml = reportJUnit(sampleRun());
    assert.deepEqual(xmlProblems(xml), []);
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites '));
  });

  test("reportJUnit() has one testsuite per area and one testcase per case with classname and time", () => {
    const run = sampleRun();
    const xml = reportJUnit(run);
    const areas = [...new Set(run.cases.map((c) => areaOf(c.id)))];
    for (const a of areas) assert.equal(count(xml, `<testsuite name="shieldcall.${a}"`), 1, a);
    assert.equal(count(xml, "<testsuite "), areas.length + 1, "areas plus the sanity suite");
    for (const c of run.cases) {
      const re = new RegExp(
        `<testcase classname="shieldcall\\.${areaOf(c.id).replace(/-/g, "\\-")}" name="${
          c.id.replace(/[.-]/g, "\\$&")
        }" time="${(c.durationMs / 1000).toFixed(3)}"`,
      );
      assert.match(xml, re, c.id);
    }
    assert.equal(count(xml, "<testcase "), run.cases.length + 2, "cases plus sanity before/after");
  });

  test("reportJUnit() marks failures, skips, known failures and informational cases", () => {
    const run = sampleRun();
    const xml = reportJUnit(run);
    const realFails = run.cases.filter((c) => c.verdict === "fail" && !c.known);
    const known = run.cases.filter((c) => c.verdict === "fail" && c.known);
    const skips = run.cases.filter((c) => c.verdict === "skip");
    assert.equal(count(xml, "<failure "), realFails.length);
    assert.equal(count(xml, '<skipped type="known-failure"'), known.length);
    assert.equal(count(xml, "<skipped "), skips.length + known.length);
    assert.match(
      xml,
      new RegExp(
        `<testsuites [^>]*tests="${run.cases.length + 2}" failures="${realFails.length}" errors="0" skipped="${
          skips.length + known.length
        }"`,
      ),
    );
    const mitm = run.cases.find((c) => c.id === "verify.mitm-differs")!;
    const block = xml.slice(
      xml.indexOf(`name="${mitm.id}"`),
      xml.indexOf("</testcase>", xml.indexOf(`name="${mitm.id}"`)),
    );
    assert.ok(block.includes(`<failure type="MUST ${mitm.clause}"`));
    assert.ok(block.includes(`requirement (${mitm.clause}, MUST): ${mitm.requirement}`));
    assert.ok(block.includes('"numbersEqual": false') && block.includes('"numbersEqual": true'), "expected and actual");
    assert.ok(block.includes("<system-err>") && block.includes("&lt;/script&gt;"), "stderr escaped");
    const info = run.cases.find((c) => c.verdict === "info")!;
    const ib = xml.slice(
      xml.indexOf(`name="${info.id}"`),
      xml.indexOf("</testcase>", xml.indexOf(`name="${info.id}"`)),
    );
    assert.ok(
      ib.includes(`<system-out>informational: ${info.reason}`) && !ib.includes("<failure") && !ib.includes("<skipped"),
    );
  });

  test("reportJUnit() escapes <&>\"' and strips characters illegal in XML 1.0 everywhere", () => {
    const run = sampleRun();
    const nasty = `<&>"' \u0000\u0001\u001b\u000b\ud800\uffff end`;
    const c = run.cases[4];
    c.id = `verify.${nasty}`;
    c.clause = nasty;
    c.reason = nasty;
    c.requirement = nasty;
    c.expected = { [nasty]: nasty };
    run.implementation.name = nasty;
    run.sanity.before = { ok: false, detail: nasty, durationMs: 1 };
    const xml = reportJUnit(run);
    assert.deepEqual(xmlProblems(xml), []);
    assert.ok(xml.includes('name="verify.&lt;&amp;&gt;&quot;&apos;  end"'));
    assert.ok(xml.includes("&lt;&amp;&gt;\"'  end"), "text content keeps quotes, escapes markup");
    // deno-lint-ignore no-control-regex -- the control characters are what this pattern finds
    assert.ok(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uffff]/.test(xml));
    assert.ok(xml.includes('<error type="sanity"'));
  });

  test("reportJUnit() reports an empty selection as an error, still well-formed", () => {
    const run = sampleRun();
    run.cases = [];
    const xml = reportJUnit(run);
    assert.deepEqual(xmlProblems(xml), []);
    assert.match(xml, /<error type="selection"/);
  });

  test("the well-formedness check catches a JUnit writer that does not escape &", () => {
    // Broken variant: same structure, but attribute and text values are only escaped for < and > — not &.
    const broken = (run: ReturnType<typeof sampleRun>) => {
      const esc = (s: string) => s.replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
      const tcs = run.cases.map((c) =>
        `<testcase classname="shieldcall" name="${esc(c.id)}"><failure message="${esc(c.reason ?? "")}"/></testcase>`
      );
      return `<?xml version="1.0"?>\n<testsuites><testsuite name="x">${tcs.join("")}</testsuite></testsuites>`;
    };
    const run = sampleRun();
    run.cases[4].reason = "swap & bridge";
    assert.deepEqual(xmlProblems(broken(sampleRun())), [], "fine while no & appears");
    assert.ok(xmlProblems(broken(run)).some((p) => /entity/.test(p)), "caught once an & appears");
    assert.deepEqual(xmlProblems(reportJUnit(run)), [], "the real writer handles it");
  });
});
