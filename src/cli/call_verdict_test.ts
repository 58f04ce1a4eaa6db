/**
 * judgeCall() (SPEC §8 required outcomes, §2.4 F10): each mode's required outcome is OK, and the outcome a broken
 * implementation or service would show is NOT AS REQUIRED — which makes `shieldcall call` exit 1.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { judgeCall } from "./call_verdict.ts";
import type { SideSeen } from "./call_verdict.ts";
import { ADVERSARY_MODES } from "../service/adversary/mod.ts";

const N1 = "12345678901234567890";
const N2 = "09876543210987654321";
const on = (number = N1): SideSeen => ({ indicator: true, number, state: "ended", endCode: null });
const off: SideSeen = { indicator: false, number: null, state: "ended", endCode: null };
const judge = (
  mode: string | null,
  caller: SideSeen,
  callee: SideSeen,
  more: Partial<Parameters<typeof judgeCall>[0]> = {},
) => judgeCall({ mode, expectedE2EE: true, topology: "relay", caller, callee, feature: null, ...more });

test("judgeCall(): honest and fault modes need equal numbers at both ends", () => {
  for (const m of [null, "observe", "tamper", "replay", "drop"]) {
    assert.equal(judge(m, on(), on())[0]!.ok, true, String(m));
    assert.equal(judge(m, on(), on(N2))[0]!.ok, false, `${m}: numbers differ`);
    assert.equal(judge(m, on(), off)[0]!.ok, false, `${m}: an indicator off`);
  }
  assert.match(judge(null, on(), on())[0]!.line, /^honest: OK — numbers match/);
});

test("judgeCall(): mitm needs different numbers; strip needs the downgrade with no indicator", () => {
  assert.equal(judge("mitm", on(), on(N2))[0]!.ok, true);
  assert.equal(judge("mitm", on(), on())[0]!.ok, false, "equal numbers under mitm");
  const strip = judge("strip", off, off, { topology: "processor" })[0]!;
  assert.equal(strip.ok, true);
  assert.match(strip.line, /^strip: OK — downgraded to a standard call, no indicator/);
  assert.equal(judge("strip", on(), off)[0]!.ok, false, "indicator kept after a downgrade");
});

test("judgeCall(): swap-commit and anchor need the callee to end with E2EE_COMMITMENT_MISMATCH, never showing the indicator", () => {
  const ended: SideSeen = { indicator: false, number: null, state: "ended", endCode: "E2EE_COMMITMENT_MISMATCH" };
  for (const m of ["swap-commit", "anchor"]) {
    assert.equal(judge(m, off, ended)[0]!.ok, true, m);
    assert.equal(judge(m, off, { ...ended, endCode: null })[0]!.ok, false, `${m}: no mismatch code`);
    assert.equal(judge(m, off, { ...ended, indicator: true })[0]!.ok, false, `${m}: indicator shown`);
  }
});

test("judgeCall(): a standard call shows no indicator; a feature is refused under E2EE and performed otherwise", () => {
  assert.equal(
    judgeCall({ mode: null, expectedE2EE: false, topology: "processor", caller: off, callee: off, feature: null })[0]!
      .ok,
    true,
  );
  assert.equal(
    judgeCall({ mode: null, expectedE2EE: false, topology: "processor", caller: on(), callee: off, feature: null })[0]!
      .ok,
    false,
  );
  const refused = { name: "recording", ok: false, code: "FEATURE_DISABLED_E2EE" };
  assert.deepEqual(judge(null, on(), on(), { feature: refused }).map((v) => v.ok), [true, true]);
  assert.deepEqual(judge(null, on(), on(), { feature: { name: "recording", ok: true, code: null } }).map((v) => v.ok), [
    true,
    false,
  ], "performed under E2EE");
  assert.equal(
    judgeCall({ mode: null, expectedE2EE: null, topology: "processor", caller: off, callee: off, feature: null })[0]!
      .ok,
    true,
    "eligibility unknown: standard is consistent",
  );
  assert.equal(
    judgeCall({ mode: null, expectedE2EE: null, topology: "relay", caller: on(), callee: off, feature: null })[0]!.ok,
    false,
    "eligibility unknown: one indicator is not",
  );
  const std = judgeCall({
    mode: null,
    expectedE2EE: false,
    topology: "processor",
    caller: off,
    callee: off,
    feature: refused,
  });
  assert.equal(std[1]!.ok, false, "refused in a standard call");
});

test("judgeCall(): every adversary mode has its required outcome (SPEC §8), none is an unknown mode", () => {
  const endedWith = (endCode: string): SideSeen => ({ indicator: false, number: null, state: "ended", endCode });
  for (const m of ADVERSARY_MODES) {
    const lines = [judge(m, on(), on()), judge(m, off, off), judge(m, endedWith("X"), endedWith("X"))].flat();
    for (const l of lines) assert.doesNotMatch(l.line, /unknown mode/, m);
  }
  assert.match(judge("nonsense", on(), on())[0]!.line, /unknown mode/, "control: an unknown mode is said so");
  for (
    const [m, side, code] of [
      ["low-order-callee", "callee", "E2EE_LOW_ORDER_KEY"],
      ["confirm-tamper-caller", "caller", "E2EE_CONFIRM_FAILED"],
      ["confirm-tamper-callee", "callee", "E2EE_CONFIRM_FAILED"],
    ] as const
  ) {
    const [c, k] = side === "caller" ? [endedWith(code), off] : [off, endedWith(code)];
    assert.equal(judge(m, c, k)[0]!.ok, true, m);
    assert.equal(judge(m, on(), on())[0]!.ok, false, `${m}: both showed numbers`);
  }
  assert.equal(judge("confirm-withhold", off, on())[0]!.ok, true);
  assert.equal(judge("confirm-withhold", on(), on())[0]!.ok, false, "the caller showed the number without the tag");
});
