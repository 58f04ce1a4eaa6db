import { test } from "node:test";
import assert from "node:assert/strict";
import { FEATURE_CLAUSE, FEATURES, isFeature } from "./mod.ts";

test("FEATURES lists the 13 feature names of SPEC §2.4 once each, in clause order", () => {
  assert.equal(FEATURES.length, 13);
  assert.equal(new Set(FEATURES).size, 13);
  const clauses = FEATURES.map((f) => Number(FEATURE_CLAUSE[f].slice(1)));
  assert.deepEqual(clauses, [...clauses].sort((a, b) => a - b));
  assert.deepEqual(Object.keys(FEATURE_CLAUSE).sort(), [...FEATURES].sort());
});

test("FEATURE_CLAUSE maps every clause F1-F9 to its names", () => {
  const byClause: Record<string, string[]> = {};
  for (const f of FEATURES) (byClause[FEATURE_CLAUSE[f]] ??= []).push(f);
  assert.deepEqual(byClause, {
    F1: ["recording"],
    F2: ["live-captions"],
    F3: ["transcription"],
    F4: ["transfer-blind", "transfer-safe", "transfer-consult"],
    F5: ["park"],
    F6: ["merge"],
    F7: ["companion", "device-transfer"],
    F8: ["add-participant"],
    F9: ["voicemail", "simultaneous-ring"],
  });
});

test("isFeature() accepts only the 13 names", () => {
  for (const f of FEATURES) assert.ok(isFeature(f));
  for (const x of ["Recording", "transfer", "toString", "", null, 1, ["recording"]]) assert.ok(!isFeature(x));
});
