/**
 * The clean reference's crashes in a `--mutants` run (SPEC §12.7): a crashed MUST case runs again, at most
 * CLEAN_CRASH_RERUNS times; its last verdict counts, the summary follows it, and each crash is recorded apart.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CLEAN_CRASH_RERUNS, rerunCrashed } from "./clean_reruns.ts";
import type { CaseResult, RunResult } from "./results.ts";
import { sampleRun } from "./reporters/_testing/sample.ts";

/** A run of two MUST cases: `a` passed, `b` has verdict `first`. */
function run(first: CaseResult["verdict"]): RunResult {
  const base = sampleRun();
  const c0 = base.cases[0]!;
  const cases = [
    { ...c0, id: "a", level: "MUST" as const, verdict: "pass" as const, reason: null },
    { ...c0, id: "b", level: "MUST" as const, verdict: first, reason: "Adapter exited (signal SIGSEGV)" },
  ];
  return { ...base, cases, suiteFailures: [] };
}

/** Re-runs through a stub whose k-th call gives verdicts[k] for `b`; returns the run and the ids each call got. */
async function withReruns(first: CaseResult["verdict"], verdicts: CaseResult["verdict"][]) {
  const r = run(first);
  const calls: string[][] = [];
  await rerunCrashed(r, (ids) => {
    calls.push(ids);
    const v = verdicts[calls.length - 1]!;
    return Promise.resolve({ ...r, cases: [{ ...r.cases[1]!, verdict: v, reason: v === "pass" ? null : "again" }] });
  }, () => {});
  return { r, calls };
}

test("A crashed clean-reference case runs again; a pass then counts and the crash is recorded apart", async () => {
  const { r, calls } = await withReruns("crash", ["pass"]);
  assert.deepEqual(calls, [["b"]], "only the crashed case runs again");
  assert.equal(r.cases[1]!.verdict, "pass");
  assert.equal(r.summary.crash, 0);
  assert.equal(r.summary.pass, 2);
  assert.equal(r.summary.mustFailed, 0);
  assert.equal(r.suiteFailures!.length, 1);
  assert.match(r.suiteFailures![0]!.detail, /clean reference crashed/);
});

test("A case that crashes every time stays a crash after CLEAN_CRASH_RERUNS runs", async () => {
  const { r, calls } = await withReruns("crash", Array(CLEAN_CRASH_RERUNS + 3).fill("crash"));
  assert.equal(calls.length, CLEAN_CRASH_RERUNS);
  assert.equal(r.cases[1]!.verdict, "crash");
  assert.equal(r.summary.mustFailed, 1);
});

test("A clean-reference failure is not re-run: only a crash is the suite's own", async () => {
  const { r, calls } = await withReruns("fail", ["pass"]);
  assert.deepEqual(calls, []);
  assert.equal(r.cases[1]!.verdict, "fail");
});
