/**
 * The kill map (SPEC §12.7): built from own-assertion kills only, its re-proof covers every mutant with one run per
 * case, and a broken row, a case or mutant without a row, or a stale reviewed reason fails it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildKillMap, judgeReproof, parseKillMap, planReproof } from "./killmap.ts";
import type { KillMap } from "./killmap.ts";

const fail = { verdict: "fail" as const, expected: 1, actual: 2 };
const pre = { verdict: "precondition-failed" as const, expected: 1, actual: 2 };
const pass = { verdict: "pass" as const };

function map(cases: KillMap["cases"], mutants = ["m1", "m2"]): KillMap {
  return { version: 1, mode: "full", command: "x", durationMs: 1, mutants, cases };
}

test("buildKillMap() keeps own-assertion kills only and reviewed reasons for the rest", () => {
  const m = buildKillMap({
    mode: "full",
    command: "c",
    durationMs: 5,
    mutants: ["m1", "m2"],
    mustCases: ["b", "a", "r", "u"],
    reviewed: { r: "guards the service" },
    outcomes: [
      { mutant: "m2", caseId: "a", r: fail },
      { mutant: "m1", caseId: "a", r: fail },
      { mutant: "m1", caseId: "b", r: pre },
      { mutant: "m2", caseId: "b", r: fail },
      { mutant: "m1", caseId: "u", r: pre },
      { mutant: "m1", caseId: "r", r: pass },
    ],
  });
  assert.deepEqual(m.cases, {
    a: { kills: ["m1", "m2"] },
    b: { kills: ["m2"] },
    r: { reviewed: "guards the service" },
    u: { kills: [] },
  });
  assert.deepEqual(parseKillMap(JSON.stringify(m)), m);
});

test("planReproof() runs each case once and covers every mutant", () => {
  const p = planReproof(
    map({ a: { kills: ["m1", "m2"] }, b: { kills: ["m1"] }, r: { reviewed: "why" } }),
    ["a", "b", "r"],
    ["m1", "m2"],
    { r: "why" },
  );
  assert.deepEqual(p.problems, []);
  assert.deepEqual(p.runs.sort((x, y) => x.caseId.localeCompare(y.caseId)), [
    { caseId: "a", mutant: "m2" },
    { caseId: "b", mutant: "m1" },
  ]);
  const ok = judgeReproof(p, p.runs.map((r) => ({ ...r, r: fail })));
  assert.equal(ok.ok, true);
  assert.deepEqual(ok.killed.sort(), ["m1", "m2"]);
});

test("judgeReproof() fails when a row no longer holds (a pass or a precondition failure)", () => {
  const p = planReproof(map({ a: { kills: ["m1"] }, b: { kills: ["m2"] } }), ["a", "b"], ["m1", "m2"], {});
  for (const broken of [pass, pre]) {
    const j = judgeReproof(p, [{ caseId: "a", mutant: "m1", r: fail }, { caseId: "b", mutant: "m2", r: broken }]);
    assert.equal(j.ok, false);
    assert.match(j.problems.join("\n"), /row no longer holds: b against mutant m2 gave/);
  }
});

test("planReproof() fails on a MUST case or a mutant without a row, an empty row and a stale reviewed reason", () => {
  const p = planReproof(
    map({ a: { kills: ["m1"] }, e: { kills: [] }, r: { reviewed: "why" } }, ["m1"]),
    ["a", "e", "r", "new"],
    ["m1", "m2"],
    {},
  );
  const text = p.problems.join("\n");
  assert.match(text, /MUST case new has no row/);
  assert.match(text, /mutant m2 has no row/);
  assert.match(text, /e: kills no mutant/);
  assert.match(text, /r: its reviewed reason is no longer/);
  assert.equal(judgeReproof(p, [{ caseId: "a", mutant: "m1", r: fail }]).ok, false);
});

test("planReproof() re-proves a mutant that no distinct case is left for with one more run of a case of its row", () => {
  const map = {
    version: 1 as const,
    mode: "first-kill" as const,
    command: "x",
    durationMs: 0,
    mutants: ["m1", "m2"],
    cases: { "c.one": { kills: ["m1", "m2"] } },
  };
  const plan = planReproof(map as never, ["c.one"], ["m1", "m2"], {});
  assert.deepEqual(plan.problems, []);
  assert.deepEqual(
    plan.runs.map((r) => `${r.caseId}×${r.mutant}`).sort(),
    ["c.one×m1", "c.one×m2"],
  );
});
