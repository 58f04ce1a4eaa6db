import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { NASTY_STDERR, sampleRun } from "./sample.ts";
import { AXES, matrixGrid, SIDES } from "../_matrix.ts";

describe("sampleRun()", () => {
  test("sampleRun() has every verdict, a failing MUST case with hostile evidence, and a consistent summary", () => {
    const run = sampleRun();
    assert.ok(run.cases.length >= 12);
    for (const v of ["pass", "fail", "skip", "info"] as const) {
      assert.equal(run.summary[v], run.cases.filter((c) => c.verdict === v).length, v);
      assert.ok(run.summary[v] > 0, `has a ${v} case`);
    }
    assert.equal(run.summary.total, run.cases.length);
    const mustFail = run.cases.filter((c) => c.level === "MUST" && c.verdict === "fail");
    assert.equal(run.summary.mustFailed, mustFail.length);
    assert.ok(
      mustFail.some((c) => c.evidence.drivers.some((d) => d.stderr === NASTY_STDERR && d.transcript.length > 0)),
    );
    assert.equal(run.exitCode, mustFail.length > 0 ? 1 : 0);
    assert.ok(
      run.summary.unexpectedPasses.length > 0 && run.summary.unstable.length > 0 && run.summary.knownFailures > 0,
    );
    assert.equal(new Set(run.cases.map((c) => c.id)).size, run.cases.length, "ids are unique");
  });

  test("sampleRun() fills a 16-cell matrix for each side", () => {
    const run = sampleRun();
    for (const side of SIDES) {
      const { grid, extra } = matrixGrid(run.matrix, side);
      assert.equal(extra.length, 0);
      assert.equal(grid.flat().filter(Boolean).length, AXES.length * AXES.length);
      for (const c of grid.flat()) {
        assert.ok(run.cases.some((x) => x.id === c!.caseId), `cell case ${c!.caseId} exists`);
      }
    }
  });

  test("sampleRun() returns a fresh, equal tree on every call", () => {
    const a = sampleRun();
    const b = sampleRun();
    assert.deepEqual(a, b);
    a.cases[0].id = "changed";
    assert.notEqual(b.cases[0].id, "changed");
  });
});
