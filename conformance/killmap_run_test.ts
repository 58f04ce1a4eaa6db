/**
 * The re-proof with an injected case runner (SPEC §12.7): a run whose adapter crashed, or whose set-up failed, runs
 * again, at most REPROOF_CRASH_RERUNS times, and only its last verdict counts; a crash every time breaks the row.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Case } from "./case.ts";
import type { KillMap } from "./killmap.ts";
import { REPROOF_CRASH_RERUNS, reproveKillMap } from "./killmap_run.ts";
import type { CaseOutcome } from "./mutants.ts";

const mk = (id: string): Case => ({
  id,
  clause: "§2.2 V2",
  level: "MUST",
  title: id,
  requirement: "r",
  tags: [],
  run: async () => {},
});
const fail: CaseOutcome = { verdict: "fail", reason: "differs", expected: "a", actual: "b" };
const crash: CaseOutcome = { verdict: "crash", reason: "Adapter exited (code null, signal SIGSEGV)" };
const map: KillMap = {
  version: 1,
  mode: "first-kill",
  command: "x",
  durationMs: 1,
  mutants: ["m1"],
  cases: { a: { kills: ["m1"] } },
};

/** Re-proves case `a` against `m1` where the first `crashes` runs give `first` (a crash) and the next one kills. */
async function reprove(crashes: number, first: CaseOutcome = crash) {
  let runs = 0;
  const r = await reproveKillMap({
    mutants: [{ id: "m1", clause: "§2.2 V2", description: "m1", hints: [] }],
    cases: [mk("a")],
    mutantCommand: (id) => [id],
    refCommand: ["ref"],
    service: null as never,
    jobs: 1,
    timeoutS: 1,
    reviewed: {},
    runCase: async () => runs++ < crashes ? first : fail,
    map,
    checkMutants: true,
  });
  return { ...r, calls: runs };
}

test("A crashed re-proof run goes again and its last verdict counts", async () => {
  const r = await reprove(REPROOF_CRASH_RERUNS);
  assert.equal(r.ok, true, r.problems.join("; "));
  assert.equal(r.calls, REPROOF_CRASH_RERUNS + 1);
  assert.deepEqual(r.killed, ["m1"]);
});

test("A run that crashes every time breaks its row, and the retries stop", async () => {
  const r = await reprove(REPROOF_CRASH_RERUNS + 1);
  assert.equal(r.ok, false);
  assert.equal(r.calls, REPROOF_CRASH_RERUNS + 1);
  assert.match(r.problems.join("\n"), /row no longer holds: a against mutant m1 gave crash/);
});

test("A failed set-up proves nothing either: it goes again; failing every time it breaks the row", async () => {
  const pre: CaseOutcome = { verdict: "precondition-failed", reason: "an honest E2EE call does not come up" };
  assert.equal((await reprove(1, pre)).ok, true);
  const r = await reprove(REPROOF_CRASH_RERUNS + 1, pre);
  assert.equal(r.ok, false);
  assert.match(r.problems.join("\n"), /gave precondition-failed/);
});
