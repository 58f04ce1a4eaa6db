/**
 * What every report says besides verdicts (SPEC §12.6): precondition failures grouped by root cause, a pass owed to
 * `--expect`, the suite's own failures, an interrupted run that is not green in JUnit, and "1 case" not "1 cases".
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { RunResult } from "../results.ts";
import { render, REPORT_FORMATS, reportConsole, reportJUnit } from "./mod.ts";
import { sampleRun } from "./_testing/sample.ts";
import { plural, preconditionLines } from "./_notes.ts";

function withPreconditions(): RunResult {
  const run = sampleRun();
  for (const c of run.cases.slice(0, 3)) {
    c.verdict = "precondition-failed";
    c.rootCause = "an honest E2EE call does not come up";
    c.reason = "Precondition (an honest E2EE call does not come up): no indicator";
  }
  run.suiteFailures = [{ caseId: run.cases[4]!.id, detail: "the reference peer ref:bob crashed", reruns: 1 }];
  return run;
}

test("every report groups precondition failures under their root cause and lists suite failures", () => {
  const run = withPreconditions();
  assert.deepEqual(preconditionLines(run).length, 1);
  assert.match(preconditionLines(run)[0]!, /^an honest E2EE call does not come up: 3 cases \(/);
  for (const f of REPORT_FORMATS) {
    const text = render(f as never, run);
    assert.match(text, /an honest E2EE call does not come up/, f);
    assert.match(text, /ref:bob crashed/, f);
  }
  assert.match(reportConsole(run), /PRECOND/);
});

test("a run that passes only thanks to --expect says so in its last line and in every report", () => {
  const run = sampleRun();
  run.cases = run.cases.map((c) =>
    c.verdict === "pass" || c.known ? c : { ...c, verdict: "fail", known: { reason: "tracked upstream" } }
  );
  run.summary.knownFailures = run.cases.filter((c) => c.known && c.verdict === "fail").length;
  run.summary.unexpectedPasses = [];
  run.summary.unstable = [];
  run.exitCode = 0;
  const lines = reportConsole(run).trimEnd().split("\n");
  assert.match(lines[lines.length - 1]!, /^Exit code 0: .*passes only thanks to --expect/);
  for (const f of REPORT_FORMATS) assert.match(render(f as never, run), /only thanks to --expect/, f);
});

test("an interrupted run's JUnit report counts the unreached cases as errors and names the interruption", () => {
  const run = sampleRun();
  run.incomplete = { signal: "SIGINT" };
  run.exitCode = 130;
  for (const c of run.cases.slice(5)) {
    c.verdict = "not-run";
    c.reason = "Not run: the run was interrupted (SIGINT)";
  }
  const xml = reportJUnit(run);
  const errors = Number(/<testsuites [^>]*errors="(\d+)"/.exec(xml)![1]);
  assert.ok(errors >= run.cases.length - 5 + 1, `errors="${errors}"`);
  assert.match(xml, /<testcase classname="shieldcall.sanity" name="interrupted"/);
  assert.match(xml, /interrupted \(SIGINT\): \d+ cases not run/);
});

test("plural() says 1 case and 2 cases", () => {
  assert.equal(plural(1, "case"), "1 case");
  assert.equal(plural(2, "case"), "2 cases");
  assert.equal(plural(1, "action"), "1 action");
  assert.equal(plural(0, "action"), "0 actions");
});
