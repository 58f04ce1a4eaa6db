import { test } from "node:test";
import assert from "node:assert/strict";
import { eligibility, type EligibilityFn } from "./eligibility.ts";
import { checkOptInMatrix, MATRIX_CALLEE, MATRIX_CALLER, matrixCases, matrixExpected, matrixStore } from "./matrix.ts";
import { REASONS } from "./types.ts";

test("matrixStore() reaches each of the 16 states through the public API", () => {
  const cases = matrixCases();
  assert.equal(cases.length, 16);
  assert.equal(new Set(cases.map((c) => JSON.stringify(c))).size, 16);
  for (const c of cases) {
    const s = matrixStore(c);
    assert.equal(s.effectivePolicy(MATRIX_CALLER).value === "userControlled", c.callerPolicy);
    assert.equal(s.effectivePolicy(MATRIX_CALLEE).value === "userControlled", c.calleePolicy);
    assert.equal(s.getUser(MATRIX_CALLER).e2eeSetting, c.callerSetting);
    assert.equal(s.getUser(MATRIX_CALLEE).e2eeSetting, c.calleeSetting);
    if (c.callerPolicy) assert.equal(s.effectivePolicy(MATRIX_CALLER).source, "user");
    if (c.calleePolicy) assert.equal(s.effectivePolicy(MATRIX_CALLEE).source, "group:e2ee-group");
  }
});

test("matrixExpected() is E2EE only for the all-true combination", () => {
  const e2ee = matrixCases().filter((c) => matrixExpected(c).e2ee);
  assert.deepEqual(e2ee, [{ callerPolicy: true, callerSetting: true, calleePolicy: true, calleeSetting: true }]);
});

test("checkOptInMatrix() passes the reference eligibility() on all 16 rows (SPEC §3.4, P4)", () => {
  const rows = checkOptInMatrix(eligibility);
  assert.equal(rows.length, 16);
  for (const r of rows) {
    assert.ok(
      r.ok,
      `${JSON.stringify(r.case)}: expected ${JSON.stringify(r.expected)}, got ${JSON.stringify(r.actual)}`,
    );
  }
});

/** Runs the matrix against a broken variant and returns the failing cases. */
function failures(impl: EligibilityFn) {
  return checkOptInMatrix(impl).filter((r) => !r.ok).map((r) => r.case);
}

test("checkOptInMatrix() catches an eligibility that ignores the callee's setting (broken variant)", () => {
  const ignoresCalleeSetting: EligibilityFn = (store, caller, callee, opts) => {
    const real = eligibility(store, caller, callee, opts);
    const reasons = real.reasons.filter((r) => r !== "callee-setting-off");
    return { e2ee: reasons.length === 0, reasons };
  };
  const failed = failures(ignoresCalleeSetting);
  assert.equal(failed.length, 8);
  assert.ok(failed.every((c) => !c.calleeSetting));
  assert.ok(
    failed.some((c) => c.callerPolicy && c.callerSetting && c.calleePolicy),
    "the call wrongly made E2EE is caught",
  );
});

test("checkOptInMatrix() catches an eligibility that reports only the first reason (broken variant)", () => {
  const firstOnly: EligibilityFn = (store, caller, callee, opts) => {
    const real = eligibility(store, caller, callee, opts);
    return { e2ee: real.e2ee, reasons: real.reasons.slice(0, 1) };
  };
  assert.ok(failures(firstOnly).length > 0);
});

test("checkOptInMatrix() catches an eligibility that needs only one side to opt in (broken variant)", () => {
  const eitherSide: EligibilityFn = (store, caller, callee) => {
    const on = (id: string) => store.getSetting(id).enabled;
    const ok = on(caller) || on(callee);
    return { e2ee: ok, reasons: ok ? [] : [...REASONS].slice(0, 4) };
  };
  assert.ok(failures(eitherSide).length > 0);
});

test("checkOptInMatrix() catches an eligibility that reads only direct user assignments (broken variant)", () => {
  const userAssignmentsOnly: EligibilityFn = (store, caller, callee) => {
    const reasons: Array<typeof REASONS[number]> = [];
    for (const [role, id] of [["caller", caller], ["callee", callee]] as const) {
      const u = store.getUser(id);
      const value = u.policy === null
        ? store.getTenant(u.tenantId).globalPolicy
        : store.getPolicy(u.tenantId, u.policy).value;
      if (value !== "userControlled") reasons.push(`${role}-policy-disabled`);
    }
    for (const [role, id] of [["caller", caller], ["callee", callee]] as const) {
      if (!store.getUser(id).e2eeSetting) reasons.push(`${role}-setting-off`);
    }
    return { e2ee: reasons.length === 0, reasons };
  };
  const failed = failures(userAssignmentsOnly);
  assert.ok(failed.length > 0);
  assert.ok(failed.every((c) => c.calleePolicy), "only rows where the callee is allowed through its group fail");
});

test("checkOptInMatrix() records a throwing implementation as failing rows", () => {
  const throws: EligibilityFn = () => {
    throw new Error("boom");
  };
  const rows = checkOptInMatrix(throws);
  assert.ok(rows.every((r) => !r.ok && "error" in r.actual));
});
