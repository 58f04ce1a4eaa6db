/**
 * judgeCall() (SPEC §8 required outcomes, §2.4 F10): each mode's required outcome is OK, and the outcome a broken
 * implementation or service would show is NOT AS REQUIRED — which makes `shieldcall call` exit 1.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { judgeCall } from "./call_verdict.ts";
import { ADVERSARY_MODES } from "../service/adversary/mod.ts";
import type { SideSeen } from "./call_verdict.ts";

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

const ends = (endCode: string, indicator = false): SideSeen => ({ indicator, number: null, state: "ended", endCode });

test("judgeCall(): every registered mode is judged from its module's required outcome, never 'unknown mode'", () => {
  for (const m of ADVERSARY_MODES) {
    const v = judge(m, off, off)[0]!;
    assert.doesNotMatch(v.line, /unknown mode/, m);
    assert.ok(v.required && v.required.length > 10, `${m}: the required outcome is printed`);
  }
  assert.match(judge("no-such-mode", off, off)[0]!.line, /unknown mode/);
});

test("judgeCall(): confirmation modes need the receiving side to end with E2EE_CONFIRM_FAILED and send no media", () => {
  const failed = ends("E2EE_CONFIRM_FAILED");
  for (const m of ["confirm-withhold", "confirm-tamper-caller"]) {
    assert.equal(judge(m, failed, on())[0]!.ok, true, m);
    assert.equal(judge(m, failed, on(), { wireMedia: { caller: true, callee: true } })[0]!.ok, false, `${m}: media`);
    assert.equal(judge(m, { ...failed, indicator: true }, on())[0]!.ok, false, `${m}: indicator`);
    assert.equal(judge(m, { ...off, state: "connected" }, on())[0]!.ok, false, `${m}: no deadline`);
  }
  assert.equal(judge("confirm-strip", failed, failed)[0]!.ok, true);
  assert.equal(judge("confirm-strip", failed, off)[0]!.ok, false, "the callee did not end");
  // Directional modes: the seed names the side; without a seed either side ending is accepted.
  for (const m of ["confirm-reflect", "confirm-replay", "confirm-malformed", "confirm-duplicate"]) {
    assert.equal(judge(m, failed, off, { seed: 2 })[0]!.ok, true, `${m} even seed: caller`);
    assert.equal(judge(m, failed, off, { seed: 3 })[0]!.ok, false, `${m} odd seed: the callee must end`);
    assert.equal(judge(m, off, failed, { seed: 3 })[0]!.ok, true, `${m} odd seed: callee`);
    assert.equal(judge(m, off, failed)[0]!.ok, true, `${m}: no seed`);
  }
  assert.equal(judge("confirm-duplicate", ends("E2EE_CONFIRM_FAILED", true), off, { seed: 0 })[0]!.ok, true);
  assert.equal(judge("confirm-reflect", ends("E2EE_CONFIRM_FAILED", true), off, { seed: 0 })[0]!.ok, false);
});

test("judgeCall(): answer-fp-swap, version-lie and anchor", () => {
  const ended = ends("E2EE_CONFIRM_FAILED");
  assert.equal(judge("answer-fp-swap", ends("E2EE_FINGERPRINT_MISMATCH"), ended)[0]!.ok, true);
  assert.equal(judge("answer-fp-swap", ends("E2EE_CONFIRM_FAILED"), ended)[0]!.ok, false);
  assert.equal(judge("version-lie", ended, ends("E2EE_COMMITMENT_MISMATCH"), { seed: 0 })[0]!.ok, true);
  assert.equal(judge("version-lie", ends("E2EE_BAD_VERSION"), ended, { seed: 1 })[0]!.ok, true);
  assert.equal(judge("version-lie", ends("E2EE_BAD_VERSION"), ended, { seed: 0 })[0]!.ok, false);
  assert.equal(judge("anchor", ended, ends("E2EE_COMMITMENT_MISMATCH"))[0]!.ok, true);
  assert.equal(judge("anchor", ends("E2EE_FINGERPRINT_MISMATCH"), ended)[0]!.ok, true, "the caller first");
  assert.equal(judge("anchor", on(), ends("E2EE_COMMITMENT_MISMATCH"))[0]!.ok, false, "the caller showed it");
  const leak = judge("answer-fp-swap", ends("E2EE_FINGERPRINT_MISMATCH"), ended, {
    wireMedia: { caller: true, callee: false },
  });
  assert.equal(leak[0]!.ok, false, "the caller's media crossed the relay");
  assert.match(leak[0]!.line, /RTP media from the caller/);
});
