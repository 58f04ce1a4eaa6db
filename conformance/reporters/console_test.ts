import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { formatProgress, reportConsole } from "./console.ts";
import { sampleRun } from "./_testing/sample.ts";
import { totalsLine } from "./_text.ts";

describe("reportConsole()", () => {
  test("reportConsole() lists one line per failing or skipped case with clause, reason and expected vs actual", () => {
    const run = sampleRun();
    const out = reportConsole(run);
    const lines = out.split("\n");
    for (const c of run.cases) {
      const hits = lines.filter((l) =>
        new RegExp(`^(FAIL |SKIP |KNOWN|PASS |INFO ) ${c.id.replace(/[.-]/g, "\\$&")}\\s`).test(l)
      );
      if (c.verdict === "fail" || c.verdict === "skip") {
        assert.equal(hits.length, 1, `one line for ${c.id}`);
        assert.ok(hits[0].includes(c.clause), `clause of ${c.id}`);
        if (c.reason) assert.ok(hits[0].includes(c.reason.slice(0, 30)), `reason of ${c.id}`);
        if (c.expected !== undefined) {
          assert.ok(hits[0].includes(`expected ${JSON.stringify(c.expected)}`), `expected of ${c.id}`);
        }
      } else {
        assert.equal(hits.length, 0, `${c.id} (${c.verdict}) not listed without verbose`);
      }
    }
    assert.equal(lines.filter((l) => l.startsWith(totalsLine(run.summary))).length, 1, "totals line");
    assert.ok(out.includes("Sanity before: ok") && out.includes("Sanity after: ok"));
    for (const id of run.summary.unexpectedPasses) {
      assert.ok(out.includes(`Unexpected passes`) && out.includes(`  ${id}`));
    }
    for (const id of run.summary.unstable) assert.ok(out.includes(`  ${id}: pass, fail, pass`));
    assert.ok(out.includes(`Exit code ${run.exitCode}`));
  });

  test("reportConsole() totals line uses the summary counts", () => {
    const run = sampleRun();
    run.summary = { ...run.summary, pass: 101, fail: 7, skip: 3, info: 2, mustFailed: 5 };
    assert.ok(reportConsole(run).includes("101 passed, 7 failed, 3 skipped, 2 informational (MUST failed: 5)"));
  });

  test("reportConsole() draws the opt-in matrix as a 4x4 grid per side", () => {
    const run = sampleRun();
    const lines = reportConsole(run).split("\n");
    for (const side of ["caller", "callee"]) {
      const at = lines.indexOf(`  implementation as ${side}:`);
      assert.ok(at >= 0, side);
      const rows = lines.slice(at + 2, at + 6);
      assert.deepEqual(rows.map((r) => r.trim().split(/\s+/)[0]), ["dis/off", "dis/on", "uc/off", "uc/on"]);
      const cells = run.matrix.filter((c) => c.implementationAs === side);
      const fails = cells.filter((c) => c.verdict === "fail").length;
      assert.equal(rows.join(" ").split("FAIL").length - 1, fails, `${side} FAIL cells`);
      assert.equal(
        rows.join(" ").split("ON ").length - 1,
        cells.filter((c) => c.expectedE2EE).length,
        `${side} E2EE cells`,
      );
    }
  });

  test("reportConsole() neutralises ANSI escapes from the implementation and colours only with color: true", () => {
    const run = sampleRun();
    run.cases[4].reason = "evil \u001b[2J\u001b]0;title\u0007 reason\nsecond line";
    const plain = reportConsole(run);
    assert.ok(!plain.includes("\u001b"), "no raw ESC without colour");
    assert.ok(plain.includes("evil \\x1b[2J\\x1b]0;title\\x07 reason\\nsecond line"));
    const colored = reportConsole(run, { color: true });
    assert.ok(colored.includes("\u001b[31m"));
    assert.ok(!colored.includes("\u001b[2J"), "the implementation's escape stays inert with colour on");
  });

  test("reportConsole() with verbose lists every case and the requirement text", () => {
    const run = sampleRun();
    const out = reportConsole(run, { verbose: true });
    for (const c of run.cases) assert.ok(out.includes(` ${c.id} `), c.id);
    assert.ok(out.includes(run.cases[0].requirement));
  });

  test("reportConsole() says a run with no case is an error", () => {
    const run = sampleRun();
    run.cases = [];
    assert.match(reportConsole(run), /No case selected/);
  });
});

describe("formatProgress()", () => {
  test("formatProgress() pads the index to the total's width and shows elapsed time, failures and verdict", () => {
    assert.equal(
      formatProgress({
        index: 12,
        total: 118,
        elapsedMs: 14_200,
        failures: 1,
        current: "verify.mitm-differs",
        verdict: "pass",
      }),
      "[ 12/118] 00:14 fail=1  verify.mitm-differs … pass",
    );
    assert.equal(
      formatProgress({ index: 3, total: 9, elapsedMs: 0, failures: 0, current: "a.b" }),
      "[3/9] 00:00 fail=0  a.b …",
    );
    assert.equal(
      formatProgress({ index: 1, total: 10, elapsedMs: 61_000, failures: 0, current: "x\u001b[2Jy" }),
      "[ 1/10] 01:01 fail=0  x\\x1b[2Jy …",
    );
  });
});
