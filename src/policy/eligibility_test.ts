import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { isShieldCallError } from "../errors.ts";
import { eligibility } from "./eligibility.ts";
import { PolicyStore } from "./store.ts";
import { REASONS } from "./types.ts";

/** Tenant contoso with alice and bob both allowed (via a group) and both turned on: an E2EE call. */
function allOn(): PolicyStore {
  const s = new PolicyStore();
  s.createTenant("contoso");
  s.createPolicy("contoso", { id: "allowed", value: "userControlled" });
  s.createUser({ id: "alice", tenantId: "contoso" });
  s.createUser({ id: "bob", tenantId: "contoso" });
  s.createGroup("contoso", { id: "e2ee", rank: 1, members: ["alice", "bob"] });
  s.assignPolicy("contoso", { to: { group: "e2ee" }, policyId: "allowed" });
  s.setSetting("alice", true);
  s.setSetting("bob", true);
  return s;
}

describe("eligibility() (SPEC §3.4, P4)", () => {
  test("eligibility() is E2EE with no reasons when everything allows it", () => {
    assert.deepEqual(eligibility(allOn(), "alice", "bob"), { e2ee: true, reasons: [] });
    assert.deepEqual(
      eligibility(allOn(), "bob", "alice", { callerSupportsE2EE: true, calleeSupportsE2EE: true, participants: 2 }),
      { e2ee: true, reasons: [] },
    );
  });

  test("PolicyStore.eligibility() gives the same answer as eligibility()", () => {
    const s = allOn();
    s.setComplianceRecording("bob", true);
    assert.deepEqual(
      s.eligibility("alice", "bob", { participants: 3 }),
      eligibility(s, "alice", "bob", { participants: 3 }),
    );
    assert.deepEqual(s.eligibility("alice", "bob").reasons, ["callee-compliance-recording"]);
  });

  test("eligibility() reports compliance recording on either side", () => {
    const s = allOn();
    s.setComplianceRecording("alice", true);
    assert.deepEqual(eligibility(s, "alice", "bob"), { e2ee: false, reasons: ["caller-compliance-recording"] });
    assert.deepEqual(eligibility(s, "bob", "alice"), { e2ee: false, reasons: ["callee-compliance-recording"] });
    s.setComplianceRecording("bob", true);
    assert.deepEqual(eligibility(s, "alice", "bob").reasons, [
      "caller-compliance-recording",
      "callee-compliance-recording",
    ]);
  });

  test("eligibility() reports an endpoint that does not support E2EE", () => {
    const s = allOn();
    assert.deepEqual(eligibility(s, "alice", "bob", { callerSupportsE2EE: false }), {
      e2ee: false,
      reasons: ["caller-unsupported"],
    });
    assert.deepEqual(eligibility(s, "alice", "bob", { calleeSupportsE2EE: false }), {
      e2ee: false,
      reasons: ["callee-unsupported"],
    });
    assert.deepEqual(eligibility(s, "alice", "bob", { callerSupportsE2EE: false, calleeSupportsE2EE: false }).reasons, [
      "caller-unsupported",
      "callee-unsupported",
    ]);
  });

  test("eligibility() is not E2EE unless the call has exactly two parties", () => {
    const s = allOn();
    for (const participants of [1, 3, 10]) {
      assert.deepEqual(
        eligibility(s, "alice", "bob", { participants }),
        { e2ee: false, reasons: ["not-one-to-one"] },
        String(participants),
      );
    }
  });

  test("eligibility() of a user calling itself is not E2EE (same-user)", () => {
    assert.deepEqual(eligibility(allOn(), "alice", "alice"), { e2ee: false, reasons: ["same-user"] });
  });

  test("eligibility() allows different tenants, each side under its own tenant's policy", () => {
    const s = allOn();
    s.createTenant("fabrikam");
    s.createUser({ id: "fred", tenantId: "fabrikam" });
    s.setPolicyValue("fabrikam", "Global", "userControlled");
    s.setSetting("fred", true);
    assert.deepEqual(eligibility(s, "alice", "fred"), { e2ee: true, reasons: [] });
    s.setPolicyValue("fabrikam", "Global", "disabled");
    assert.deepEqual(eligibility(s, "alice", "fred"), { e2ee: false, reasons: ["callee-policy-disabled"] });
    assert.deepEqual(eligibility(s, "fred", "alice"), { e2ee: false, reasons: ["caller-policy-disabled"] });
  });

  test("eligibility() lists every applicable reason at once, in REASONS order", () => {
    const s = new PolicyStore();
    s.createTenant("t");
    s.createUser({ id: "solo", tenantId: "t", complianceRecording: true });
    const all = eligibility(s, "solo", "solo", {
      callerSupportsE2EE: false,
      calleeSupportsE2EE: false,
      participants: 3,
    });
    assert.deepEqual(all, { e2ee: false, reasons: [...REASONS] });
  });

  test("eligibility() of a fresh tenant's users is off for policy and settings (P1, P3)", () => {
    const s = new PolicyStore();
    s.createTenant("t");
    s.createUser({ id: "a", tenantId: "t" });
    s.createUser({ id: "b", tenantId: "t" });
    assert.deepEqual(eligibility(s, "a", "b").reasons, [
      "caller-policy-disabled",
      "callee-policy-disabled",
      "caller-setting-off",
      "callee-setting-off",
    ]);
  });

  test("eligibility() rejects unknown users and malformed options without answering", () => {
    const s = allOn();
    assert.throws(() => eligibility(s, "alice", "ghost"), (e: unknown) => isShieldCallError(e, "POLICY_NOT_FOUND"));
    assert.throws(() => eligibility(s, "ghost", "bob"), (e: unknown) => isShieldCallError(e, "POLICY_NOT_FOUND"));
    assert.throws(() => eligibility(s, 5 as never, "bob"), (e: unknown) => isShieldCallError(e, "POLICY_INVALID"));
    for (
      const opts of [
        { participants: 0 },
        { participants: 2.5 },
        { participants: "2" },
        { callerSupportsE2EE: "yes" },
        { calleeSupportsE2EE: 1 },
        { participant: 2 },
        null,
        "x",
      ]
    ) {
      assert.throws(
        () => eligibility(s, "alice", "bob", opts as never),
        (e: unknown) => isShieldCallError(e, "POLICY_INVALID"),
        JSON.stringify(opts),
      );
    }
  });
});
