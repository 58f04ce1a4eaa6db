/**
 * precondition() (SPEC §12.2): a failed expectation inside a case's set-up becomes `precondition-failed` under its
 * root cause; the case's own check, outside it, still fails as `fail`; neither a precondition failure nor anything
 * but an own-assertion failure counts as a kill (SPEC §12.7).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CaseFailure, CaseSkip, PreconditionFailed } from "./case.ts";
import { isKill } from "./killcoverage.ts";
import { outcomeOf } from "./verdict.ts";
import { expectEqual, precondition, preconditionSync, ROOT_CAUSES } from "./verify.ts";

test("precondition() turns a failed expectation into precondition-failed with its root cause", async () => {
  const e = await precondition(ROOT_CAUSES.e2eeCall, () => expectEqual(1, 2, "numbers differ")).then(
    () => null,
    (x) => x,
  );
  assert.ok(e instanceof PreconditionFailed);
  const o = outcomeOf(e, 5);
  assert.equal(o.verdict, "precondition-failed");
  assert.equal(o.rootCause, ROOT_CAUSES.e2eeCall);
  assert.match(o.reason!, /numbers differ/);
  assert.equal(isKill({ verdict: o.verdict, expected: o.expected, actual: o.actual }), false);
});

test("precondition() also converts a state a party never reached (Party.until's detail)", async () => {
  const waited = Object.assign(new Error("timed out waiting"), {
    detail: { waitingFor: "connected", last: "ringing" },
  });
  const e = await precondition("x set-up", () => Promise.reject(waited)).catch((x) => x);
  assert.equal(outcomeOf(e, 5).verdict, "precondition-failed");
});

test("precondition() lets skips, timeouts and adapter errors through unchanged", async () => {
  const skip = new CaseSkip("unsupported");
  assert.equal(await precondition("x", () => Promise.reject(skip)).catch((x) => x), skip);
  const proto = Object.assign(new Error("bad"), { code: "ADAPTER_PROTOCOL" });
  assert.equal(await precondition("x", () => Promise.reject(proto)).catch((x) => x), proto);
  const late = new Error('Adapter did not answer "call.place" within 30000 ms');
  assert.equal(await precondition("x", () => Promise.reject(late)).catch((x) => x), late);
  assert.equal(await precondition("x", () => 7), 7);
});

test("the case's own assertion after the set-up is a fail and a kill", () => {
  const o = outcomeOf(new CaseFailure("own check", "a", "b"), 5);
  assert.equal(o.verdict, "fail");
  assert.equal(isKill(o), true);
  assert.throws(() => preconditionSync(ROOT_CAUSES.evidence, () => expectEqual(1, 2, "no")), PreconditionFailed);
});
