/**
 * Every reporter shows every verdict of SPEC §12.2 (timeout, crash and adapter-error apart from fail; not-run), the
 * reproduction command of each failed case, a failed sanity call's stderr tail, and an interrupted run as
 * incomplete. Built from the sample run with one case of each verdict; a reporter that folded a verdict into
 * another, or dropped the command, fails here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { FAILING_VERDICTS, VERDICTS } from "../results.ts";
import type { RunResult, Verdict } from "../results.ts";
import { render } from "./mod.ts";
import { sampleRun } from "./_testing/sample.ts";
import { REPORT_FORMATS } from "./spec.ts";

function everyVerdict(): RunResult {
  const run = sampleRun();
  run.cases = VERDICTS.map((v, i) => {
    const c = {
      ...run.cases[i % run.cases.length]!,
      id: `area.case-${v}`,
      verdict: v as Verdict,
      known: null,
      repeats: [],
      level: "MUST" as const,
    };
    c.reason = `reason of ${v}`;
    c.reproduce = FAILING_VERDICTS.includes(v)
      ? `npx shieldcall conformance --case area.case-${v} --seed ${100 + i}`
      : null;
    return c;
  });
  const n = Object.fromEntries(VERDICTS.map((v) => [v, run.cases.filter((c) => c.verdict === v).length])) as Record<
    Verdict,
    number
  >;
  run.summary = {
    ...run.summary,
    ...n,
    total: run.cases.length,
    mustFailed: FAILING_VERDICTS.reduce((a, v) => a + n[v], 0),
    knownFailures: 0,
    unexpectedPasses: [],
    unstable: [],
  };
  run.matrix = [];
  run.exitCode = 1;
  return run;
}

test("every report names each verdict and carries each failed case's reproduction command", () => {
  const run = everyVerdict();
  for (const f of REPORT_FORMATS) {
    const text = render(f, run);
    for (const c of run.cases) {
      // The console summary lists only the cases that need attention (--verbose lists all).
      if (f !== "console" || (c.verdict !== "pass" && c.verdict !== "info")) {
        assert.ok(text.includes(c.id), `${f} lists ${c.id}`);
      }
      if (c.reproduce) assert.ok(text.includes(c.reproduce), `${f} has the reproduction command of ${c.id}`);
    }
    for (const v of ["timeout", "crash", "adapter-error"]) {
      const shown = f === "console" ? v.toUpperCase() : v;
      assert.ok(text.includes(shown), `${f} names the verdict ${v}`);
    }
  }
  const json = JSON.parse(render("json", run)) as RunResult;
  assert.deepEqual(json.cases.map((c) => c.verdict), [...VERDICTS]);
  const junit = render("junit", run);
  assert.match(junit, /<error type="timeout"/);
  assert.match(junit, /<error type="crash"/);
  assert.match(junit, /<error type="adapter-error"/);
  assert.match(junit, /<skipped type="not-run"/);
  assert.match(render("console", run), /timed out.*crashed.*adapter errors.*not run/);
});

test("a failed sanity call shows the adapters' stderr tail line by line, and an interrupted run is marked incomplete", () => {
  const run = everyVerdict();
  run.sanity.before = {
    ok: false,
    detail: "crash: Adapter impl:a exited (code 3, signal null)",
    durationMs: 10,
    stderr: "[impl:a stderr]\nline one\nboom at call.place",
  };
  run.incomplete = { signal: "SIGTERM" };
  run.exitCode = 143;
  const con = render("console", run);
  assert.match(con, /INCOMPLETE: the run was interrupted \(SIGTERM\)/);
  assert.match(con, /\n {2}\| boom at call\.place/);
  assert.doesNotMatch(con, /\\n/, "no literal backslash-n");
  assert.match(con, /Exit code 143/);
  assert.match(render("html", run), /id="incomplete"[^>]*>INCOMPLETE/);
  assert.match(render("html", run), /boom at call\.place/);
  assert.match(render("tap", run), /# INCOMPLETE: interrupted by SIGTERM/);
  assert.match(render("junit", run), /interrupted by SIGTERM/);
  assert.match(render("junit", run), /boom at call\.place/);
});
