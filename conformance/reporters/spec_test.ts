import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { render, REPORT_FORMATS, writeReportSpec } from "./spec.ts";
import type { ReportFormat } from "./spec.ts";
import { reportConsole } from "./console.ts";
import { reportHtml } from "./html.ts";
import { reportJson } from "./json.ts";
import { reportJUnit } from "./junit.ts";
import { reportTap } from "./tap.ts";
import { sampleRun } from "./_testing/sample.ts";

describe("writeReportSpec()", () => {
  test("writeReportSpec() splits FORMAT:PATH at the first colon", () => {
    assert.deepEqual(writeReportSpec("junit:reports/junit.xml"), { format: "junit", path: "reports/junit.xml" });
    assert.deepEqual(writeReportSpec("HTML:out/a:b.html"), { format: "html", path: "out/a:b.html" });
    for (const f of REPORT_FORMATS) assert.equal(writeReportSpec(`${f}:x`).format, f);
  });

  test("writeReportSpec() throws RangeError listing the valid formats on bad input", () => {
    for (const bad of ["junit", "xml:a.xml", ":a.xml", "tap:", "tap:   ", ""]) {
      assert.throws(() => writeReportSpec(bad), (e: unknown) => {
        assert.ok(e instanceof RangeError, bad);
        assert.match(e.message, /^Invalid --report "/);
        if (!/missing PATH/.test(e.message)) {
          assert.ok(e.message.includes("console, json, junit, tap, html"), e.message);
        }
        return true;
      });
    }
    assert.throws(() => writeReportSpec(42 as unknown as string), TypeError);
  });
});

describe("render()", () => {
  test("render() dispatches each format to its reporter", () => {
    const run = sampleRun();
    const expect: Record<ReportFormat, string> = {
      console: reportConsole(run),
      json: reportJson(run),
      junit: reportJUnit(run),
      tap: reportTap(run),
      html: reportHtml(run),
    };
    for (const f of REPORT_FORMATS) assert.equal(render(f, run), expect[f], f);
    assert.throws(() => render("pdf" as ReportFormat, run), RangeError);
  });
});
