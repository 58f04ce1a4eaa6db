/**
 * The opt-in matrix check of SPEC §3.4 (P4) as a reusable verifier: all 16 combinations of
 * (caller policy allows, caller setting on, callee policy allows, callee setting on), run against any
 * eligibility implementation, each row with expected and actual.
 */
import type { EligibilityFn } from "./eligibility.ts";
import { PolicyStore } from "./store.ts";
import { type Eligibility, type Reason, REASONS } from "./types.ts";

/** One combination of the opt-in matrix. */
export interface MatrixCase {
  callerPolicy: boolean;
  callerSetting: boolean;
  calleePolicy: boolean;
  calleeSetting: boolean;
}

/** One checked row: what SPEC §3.4 requires and what the implementation returned (or threw). */
export interface MatrixRow {
  case: MatrixCase;
  expected: Eligibility;
  actual: Eligibility | { error: string };
  ok: boolean;
}

/** The user ids of the two parties in every matrix store. */
export const MATRIX_CALLER = "caller";
/** The callee's user id in every matrix store. */
export const MATRIX_CALLEE = "callee";

/** All 16 combinations, caller policy varying slowest. */
export function matrixCases(): MatrixCase[] {
  const out: MatrixCase[] = [];
  for (let i = 0; i < 16; i++) {
    out.push({ callerPolicy: !(i & 8), callerSetting: !(i & 4), calleePolicy: !(i & 2), calleeSetting: !(i & 1) });
  }
  return out;
}

/**
 * A store in the state `c` describes, reached through the public API only. The caller's allowing policy is a
 * user assignment, the callee's a group assignment, so the check also exercises both precedence paths. A
 * setting that is on while its policy disallows is reached the real way: turned on, then the policy withdrawn.
 */
export function matrixStore(c: MatrixCase): PolicyStore {
  const s = new PolicyStore({ randomToken: () => "unused-token" });
  s.createTenant("matrix");
  s.createPolicy("matrix", { id: "allowed", value: "userControlled" });
  s.createUser({ id: MATRIX_CALLER, tenantId: "matrix" });
  s.createUser({ id: MATRIX_CALLEE, tenantId: "matrix" });
  s.createGroup("matrix", { id: "e2ee-group", rank: 1, members: [] });
  s.assignPolicy("matrix", { to: { group: "e2ee-group" }, policyId: "allowed" });

  const allowCaller = (on: boolean) =>
    s.assignPolicy("matrix", { to: { user: MATRIX_CALLER }, policyId: on ? "allowed" : null });
  const allowCallee = (on: boolean) =>
    on ? s.addMember("matrix", "e2ee-group", MATRIX_CALLEE) : s.removeMember("matrix", "e2ee-group", MATRIX_CALLEE);

  if (c.callerSetting) {
    allowCaller(true);
    s.setSetting(MATRIX_CALLER, true);
    if (!c.callerPolicy) allowCaller(false);
  } else if (c.callerPolicy) allowCaller(true);

  if (c.calleeSetting) {
    allowCallee(true);
    s.setSetting(MATRIX_CALLEE, true);
    if (!c.calleePolicy) allowCallee(false);
  } else if (c.calleePolicy) allowCallee(true);
  return s;
}

/** What SPEC §3.4 requires for `c`: E2EE only when all four hold; reasons exactly the failing ones. */
export function matrixExpected(c: MatrixCase): Eligibility {
  const failing = new Set<Reason>();
  if (!c.callerPolicy) failing.add("caller-policy-disabled");
  if (!c.calleePolicy) failing.add("callee-policy-disabled");
  if (!c.callerSetting) failing.add("caller-setting-off");
  if (!c.calleeSetting) failing.add("callee-setting-off");
  const reasons = REASONS.filter((r) => failing.has(r));
  return { e2ee: reasons.length === 0, reasons };
}

function same(a: Eligibility, b: Eligibility): boolean {
  return a.e2ee === b.e2ee && a.reasons.length === b.reasons.length && a.reasons.every((r, i) => r === b.reasons[i]);
}

/** Runs all 16 rows against `impl`; a conforming implementation yields `ok: true` on every row. */
export function checkOptInMatrix(impl: EligibilityFn): MatrixRow[] {
  return matrixCases().map((c) => {
    const expected = matrixExpected(c);
    let actual: Eligibility | { error: string };
    try {
      actual = impl(matrixStore(c), MATRIX_CALLER, MATRIX_CALLEE);
    } catch (e) {
      return { case: c, expected, actual: { error: String(e) }, ok: false };
    }
    const ok = typeof actual === "object" && actual !== null && Array.isArray(actual.reasons) && same(expected, actual);
    return { case: c, expected, actual, ok };
  });
}
