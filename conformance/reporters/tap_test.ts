import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { reportTap } from "./tap.ts";
import { sampleRun } from "./_testing/sample.ts";

/** Parses the TAP we emit: plan, test points, and YAML blocks whose values must each be one JSON value. */
function parseTap(tap: string) {
  const lines = tap.split("\n");
  assert.equal(lines[0], "TAP version 14");
  let plan = -1;
  const points: { ok: boolean; n: number; desc: string; directive: string; yaml: Record<string, unknown> | null }[] =
    [];
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i];
    const pm = /^1\.\.(\d+)/.exec(l);
    if (pm) {
      assert.equal(plan, -1, "one plan");
      plan = Number(pm[1]);
      continue;
    }
    const m = /^(not ok|ok) (\d+) - ((?:[^#\\]|\\.)*?)(?: # (.*))?$/.exec(l);
    if (m) {
      points.push({ ok: m[1] === "ok", n: Number(m[2]), desc: m[3], directive: m[4] ?? "", yaml: null });
      continue;
    }
    if (l === "  ---") {
      const y: Record<string, unknown> = {};
      for (i++; lines[i] !== "  ..."; i++) {
        assert.ok(i < lines.length, "YAML block closed");
        const km = /^ {2}([a-z_]+): (.*)$/.exec(lines[i]);
        assert.ok(km, `YAML line shape: ${JSON.stringify(lines[i])}`);
        y[km[1]] = JSON.parse(km[2]);
      }
      points[points.length - 1].yaml = y;
      continue;
    }
    assert.ok(l === "" || l.startsWith("#"), `unexpected line ${JSON.stringify(l)}`);
  }
  return { plan, points };
}

describe("reportTap()", () => {
  test("reportTap() plan count equals the number of cases and test points are numbered in order", () => {
    const run = sampleRun();
    const { plan, points } = parseTap(reportTap(run));
    assert.equal(plan, run.cases.length);
    assert.equal(points.length, run.cases.length);
    points.forEach((p, i) => {
      assert.equal(p.n, i + 1);
      assert.equal(p.desc, run.cases[i].id);
    });
  });

  test("reportTap() marks fail as not ok with a diagnostic block, skip with # SKIP, known failures with # TODO", () => {
    const run = sampleRun();
    const { points } = parseTap(reportTap(run));
    run.cases.forEach((c, i) => {
      const p = points[i];
      if (c.verdict === "fail") {
        assert.equal(p.ok, false, c.id);
        assert.ok(p.yaml, `${c.id} has YAML`);
        assert.equal(p.yaml!.clause, c.clause);
        assert.equal(p.yaml!.requirement, c.requirement);
        assert.equal(p.yaml!.reason, c.reason);
        if (c.expected !== undefined) assert.deepEqual(p.yaml!.expected, c.expected);
        if (c.actual !== undefined) assert.deepEqual(p.yaml!.actual, c.actual);
        assert.equal(p.directive.startsWith("TODO"), c.known !== null, c.id);
      } else {
        assert.equal(p.ok, true, c.id);
        assert.equal(p.directive.startsWith("SKIP"), c.verdict === "skip", c.id);
        if (c.verdict === "skip") assert.equal(p.directive, `SKIP ${c.reason}`);
      }
    });
  });

  test("reportTap() keeps hostile text on one line and escapes # and backslash in descriptions", () => {
    const run = sampleRun();
    const c = run.cases[4];
    c.id = "verify.a#b\\c\nnot ok 99 - injected";
    c.reason = "line1\nnot ok 98 - injected\n  ...\n\u2028\u0085\u007f";
    c.actual = { s: "x\n  ---\u2028" };
    run.cases[8].reason = "skip # TODO not really\nok 97";
    const tap = reportTap(run);
    assert.ok(!/^(not )?ok 9[789]/m.test(tap), "no injected test point");
    const { plan, points } = parseTap(tap);
    assert.equal(points.length, plan);
    assert.equal(points[4].desc, "verify.a\\#b\\\\c\\\\nnot ok 99 - injected");
    assert.equal(points[4].yaml!.reason, c.reason);
    assert.deepEqual(points[4].yaml!.actual, c.actual);
    assert.ok(points[8].directive.startsWith("SKIP skip \\# TODO"));
    assert.ok(!/[\u2028\u2029\u0085\u007f]/.test(tap), "YAML line breaks and DEL are escaped");
  });

  test("reportTap() ends with the totals and says when nothing was selected", () => {
    const run = sampleRun();
    assert.ok(
      reportTap(run).includes(`# ${run.summary.pass} passed, ${run.summary.fail} failed, ${run.summary.skip} skipped`),
    );
    run.cases = [];
    assert.match(reportTap(run), /^1\.\.0 # SKIP no case selected/m);
  });
});
