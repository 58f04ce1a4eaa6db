import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { type ErrorCode, isShieldCallError, ShieldCallError } from "../errors.ts";
import { PolicyStore } from "./store.ts";

/** Passes a deliberately ill-typed value through the type checker. */
const bad = (v: unknown) => v as never;

/** Asserts `fn(s)` throws ShieldCallError `code` and leaves `s.toJSON()` exactly as before (SPEC §3.1). */
function expectUnchanged(s: PolicyStore, fn: (s: PolicyStore) => unknown, code: ErrorCode): void {
  const before = s.toJSON();
  assert.throws(() => fn(s), (e: unknown) => {
    assert.ok(isShieldCallError(e), `expected ShieldCallError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    return true;
  });
  assert.deepEqual(s.toJSON(), before, "state changed on error");
}

/** contoso (alice, bob; group sec with policy allowed; bob assigned allowed) and other (olga). */
function fixture(): PolicyStore {
  const s = new PolicyStore({ randomToken: () => "generated-token" });
  s.createTenant("contoso");
  s.createTenant("other");
  s.createPolicy("contoso", { id: "allowed", value: "userControlled" });
  s.createUser({ id: "alice", tenantId: "contoso" });
  s.createUser({ id: "bob", tenantId: "contoso" });
  s.createUser({ id: "olga", tenantId: "other" });
  s.createGroup("contoso", { id: "sec", rank: 1, members: ["alice"] });
  s.assignPolicy("contoso", { to: { group: "sec" }, policyId: "allowed" });
  s.assignPolicy("contoso", { to: { user: "bob" }, policyId: "allowed" });
  s.issueToken("alice", "alice-token");
  return s;
}

const rows: Array<[string, (s: PolicyStore) => unknown, ErrorCode]> = [
  ["createTenant() with a number id", (s) => s.createTenant(bad(42)), "POLICY_INVALID"],
  ["createTenant() with an empty id", (s) => s.createTenant(""), "POLICY_INVALID"],
  ["createTenant() with a space in the id", (s) => s.createTenant("a b"), "POLICY_INVALID"],
  ["createTenant() with a 129-character id", (s) => s.createTenant("x".repeat(129)), "POLICY_INVALID"],
  ["createTenant() with a number name", (s) => s.createTenant("new", bad(5)), "POLICY_INVALID"],
  ["createTenant() with a control character in the name", (s) => s.createTenant("new", "a\nb"), "POLICY_INVALID"],
  ["createTenant() with an existing id", (s) => s.createTenant("contoso"), "POLICY_CONFLICT"],
  ["deleteTenant() of an unknown tenant", (s) => s.deleteTenant("ghost"), "POLICY_NOT_FOUND"],
  ["deleteTenant() with null", (s) => s.deleteTenant(bad(null)), "POLICY_INVALID"],
  [
    "createPolicy() in an unknown tenant",
    (s) => s.createPolicy("ghost", { id: "p", value: "disabled" }),
    "POLICY_NOT_FOUND",
  ],
  ["createPolicy() with null", (s) => s.createPolicy("contoso", bad(null)), "POLICY_INVALID"],
  [
    "createPolicy() with a number id",
    (s) => s.createPolicy("contoso", bad({ id: 5, value: "disabled" })),
    "POLICY_INVALID",
  ],
  [
    "createPolicy() with a Teams-style value",
    (s) => s.createPolicy("contoso", bad({ id: "p", value: "DisabledUserOverride" })),
    "POLICY_INVALID",
  ],
  [
    "createPolicy() with a number description",
    (s) => s.createPolicy("contoso", bad({ id: "p", value: "disabled", description: 7 })),
    "POLICY_INVALID",
  ],
  [
    "createPolicy() with an unknown property",
    (s) => s.createPolicy("contoso", bad({ id: "p", value: "disabled", rank: 1 })),
    "POLICY_INVALID",
  ],
  [
    "createPolicy() with an existing id",
    (s) => s.createPolicy("contoso", { id: "allowed", value: "disabled" }),
    "POLICY_CONFLICT",
  ],
  [
    "createPolicy() named Global",
    (s) => s.createPolicy("contoso", { id: "Global", value: "userControlled" }),
    "POLICY_CONFLICT",
  ],
  [
    "setPolicyValue() of an unknown policy",
    (s) => s.setPolicyValue("contoso", "ghost", "disabled"),
    "POLICY_NOT_FOUND",
  ],
  ["setPolicyValue() with a bad value", (s) => s.setPolicyValue("contoso", "Global", bad("enabled")), "POLICY_INVALID"],
  ["setPolicyValue() in an unknown tenant", (s) => s.setPolicyValue("ghost", "Global", "disabled"), "POLICY_NOT_FOUND"],
  ["deletePolicy() of Global", (s) => s.deletePolicy("contoso", "Global"), "POLICY_CONFLICT"],
  ["deletePolicy() of an assigned policy", (s) => s.deletePolicy("contoso", "allowed"), "POLICY_CONFLICT"],
  ["deletePolicy() of an unknown policy", (s) => s.deletePolicy("contoso", "ghost"), "POLICY_NOT_FOUND"],
  ["createGroup() with a fractional rank", (s) => s.createGroup("contoso", { id: "g", rank: 1.5 }), "POLICY_INVALID"],
  ["createGroup() with a string rank", (s) => s.createGroup("contoso", bad({ id: "g", rank: "1" })), "POLICY_INVALID"],
  ["createGroup() with a NaN rank", (s) => s.createGroup("contoso", { id: "g", rank: NaN }), "POLICY_INVALID"],
  [
    "createGroup() with members not an array",
    (s) => s.createGroup("contoso", bad({ id: "g", rank: 1, members: "alice" })),
    "POLICY_INVALID",
  ],
  [
    "createGroup() with an unknown member after a valid one",
    (s) => s.createGroup("contoso", { id: "g", rank: 1, members: ["alice", "ghost"] }),
    "POLICY_NOT_FOUND",
  ],
  [
    "createGroup() with a member of another tenant",
    (s) => s.createGroup("contoso", { id: "g", rank: 1, members: ["olga"] }),
    "POLICY_NOT_FOUND",
  ],
  [
    "createGroup() with a duplicate member",
    (s) => s.createGroup("contoso", { id: "g", rank: 1, members: ["alice", "alice"] }),
    "POLICY_INVALID",
  ],
  ["createGroup() with an existing id", (s) => s.createGroup("contoso", { id: "sec", rank: 2 }), "POLICY_CONFLICT"],
  [
    "createGroup() with a policy property",
    (s) => s.createGroup("contoso", bad({ id: "g", rank: 1, policy: "allowed" })),
    "POLICY_INVALID",
  ],
  ["deleteGroup() of an unknown group", (s) => s.deleteGroup("contoso", "ghost"), "POLICY_NOT_FOUND"],
  ["addMember() to an unknown group", (s) => s.addMember("contoso", "ghost", "bob"), "POLICY_NOT_FOUND"],
  ["addMember() of an unknown user", (s) => s.addMember("contoso", "sec", "ghost"), "POLICY_NOT_FOUND"],
  ["addMember() of a user of another tenant", (s) => s.addMember("contoso", "sec", "olga"), "POLICY_NOT_FOUND"],
  ["addMember() of an existing member", (s) => s.addMember("contoso", "sec", "alice"), "POLICY_CONFLICT"],
  ["removeMember() of a non-member", (s) => s.removeMember("contoso", "sec", "bob"), "POLICY_NOT_FOUND"],
  ["removeMember() with a bad id", (s) => s.removeMember("contoso", "sec", bad(undefined)), "POLICY_INVALID"],
  ["setRank() with Infinity", (s) => s.setRank("contoso", "sec", Infinity), "POLICY_INVALID"],
  ["setRank() beyond safe integers", (s) => s.setRank("contoso", "sec", 2 ** 53), "POLICY_INVALID"],
  ["setRank() of an unknown group", (s) => s.setRank("contoso", "ghost", 3), "POLICY_NOT_FOUND"],
  ["createUser() without a tenant", (s) => s.createUser(bad({ id: "u" })), "POLICY_INVALID"],
  ["createUser() in an unknown tenant", (s) => s.createUser({ id: "u", tenantId: "ghost" }), "POLICY_NOT_FOUND"],
  [
    "createUser() with an id used in another tenant",
    (s) => s.createUser({ id: "olga", tenantId: "contoso" }),
    "POLICY_CONFLICT",
  ],
  [
    "createUser() with a string complianceRecording",
    (s) => s.createUser(bad({ id: "u", tenantId: "contoso", complianceRecording: "yes" })),
    "POLICY_INVALID",
  ],
  [
    "createUser() with a 300-character display name",
    (s) => s.createUser({ id: "u", tenantId: "contoso", displayName: "x".repeat(300) }),
    "POLICY_INVALID",
  ],
  [
    "createUser() trying to start with E2EE on",
    (s) => s.createUser(bad({ id: "u", tenantId: "contoso", e2eeSetting: true })),
    "POLICY_INVALID",
  ],
  ["createUser() with a string", (s) => s.createUser(bad("u")), "POLICY_INVALID"],
  ["deleteUser() of an unknown user", (s) => s.deleteUser("ghost"), "POLICY_NOT_FOUND"],
  ["setComplianceRecording() with a string", (s) => s.setComplianceRecording("alice", bad("true")), "POLICY_INVALID"],
  ["setComplianceRecording() of an unknown user", (s) => s.setComplianceRecording("ghost", true), "POLICY_NOT_FOUND"],
  [
    "assignPolicy() to both a user and a group",
    (s) => s.assignPolicy("contoso", bad({ to: { user: "alice", group: "sec" }, policyId: null })),
    "POLICY_INVALID",
  ],
  ["assignPolicy() to nobody", (s) => s.assignPolicy("contoso", bad({ to: {}, policyId: null })), "POLICY_INVALID"],
  [
    "assignPolicy() to a string",
    (s) => s.assignPolicy("contoso", bad({ to: "alice", policyId: null })),
    "POLICY_INVALID",
  ],
  ["assignPolicy() without policyId", (s) => s.assignPolicy("contoso", bad({ to: { user: "bob" } })), "POLICY_INVALID"],
  [
    "assignPolicy() of Global",
    (s) => s.assignPolicy("contoso", { to: { user: "bob" }, policyId: "Global" }),
    "POLICY_INVALID",
  ],
  [
    "assignPolicy() with a number policyId",
    (s) => s.assignPolicy("contoso", bad({ to: { user: "bob" }, policyId: 5 })),
    "POLICY_INVALID",
  ],
  [
    "assignPolicy() of an unknown policy",
    (s) => s.assignPolicy("contoso", { to: { user: "bob" }, policyId: "ghost" }),
    "POLICY_NOT_FOUND",
  ],
  [
    "assignPolicy() to an unknown user",
    (s) => s.assignPolicy("contoso", { to: { user: "ghost" }, policyId: null }),
    "POLICY_NOT_FOUND",
  ],
  [
    "assignPolicy() to a user of another tenant",
    (s) => s.assignPolicy("contoso", { to: { user: "olga" }, policyId: "allowed" }),
    "POLICY_NOT_FOUND",
  ],
  [
    "assignPolicy() to an unknown group",
    (s) => s.assignPolicy("contoso", { to: { group: "ghost" }, policyId: "allowed" }),
    "POLICY_NOT_FOUND",
  ],
  ["issueToken() with a short token", (s) => s.issueToken("bob", "short"), "POLICY_INVALID"],
  ["issueToken() with a number token", (s) => s.issueToken("bob", bad(12345678)), "POLICY_INVALID"],
  ["issueToken() with a token already issued", (s) => s.issueToken("bob", "alice-token"), "POLICY_CONFLICT"],
  ["issueToken() for an unknown user", (s) => s.issueToken("ghost", "ghost-token"), "POLICY_NOT_FOUND"],
  ["revokeToken() of an unknown token", (s) => s.revokeToken("never-issued"), "POLICY_NOT_FOUND"],
  ["revokeToken() with a number", (s) => s.revokeToken(bad(5)), "POLICY_INVALID"],
  ["setSetting() while hidden", (s) => s.setSetting("olga", true), "POLICY_DISALLOWS"],
  ["setSetting() with a string", (s) => s.setSetting("bob", bad("on")), "POLICY_INVALID"],
  ["setSetting() of an unknown user", (s) => s.setSetting("ghost", true), "POLICY_NOT_FOUND"],
];

describe("every mutator leaves state unchanged on bad input (SPEC §3.1)", () => {
  for (const [name, fn, code] of rows) {
    test(`${name} throws ${code} and changes nothing`, () => expectUnchanged(fixture(), fn, code));
  }
});

test("queries reject bad ids with POLICY_INVALID and unknown ids with POLICY_NOT_FOUND", () => {
  const s = fixture();
  for (
    const q of [(id: never) => s.effectivePolicy(id), (id: never) => s.getSetting(id), (id: never) => s.getUser(id)]
  ) {
    assert.throws(() => q(bad(5)), (e: unknown) => isShieldCallError(e, "POLICY_INVALID"));
    assert.throws(() => q(bad("ghost")), (e: unknown) => isShieldCallError(e, "POLICY_NOT_FOUND"));
  }
});

test("new PolicyStore() rejects a non-function token generator; a bad generated token is a TypeError", () => {
  assert.throws(() => new PolicyStore({ randomToken: bad("nope") }), TypeError);
  const s = new PolicyStore({ randomToken: () => "bad" });
  s.createTenant("t");
  s.createUser({ id: "u", tenantId: "t" });
  const before = s.toJSON();
  assert.throws(() => s.issueToken("u"), TypeError);
  assert.deepEqual(s.toJSON(), before);
});

test("expectUnchanged() catches a mutator that changes state before it throws (broken variant)", () => {
  const s = fixture();
  const mutatesThenThrows = (st: PolicyStore) => {
    st.createUser({ id: "zed", tenantId: "contoso" });
    throw new ShieldCallError("POLICY_INVALID", "Invalid user: late check");
  };
  assert.throws(() => expectUnchanged(s, mutatesThenThrows, "POLICY_INVALID"), assert.AssertionError);
  assert.throws(
    () => expectUnchanged(fixture(), (st) => st.createTenant("contoso"), "POLICY_INVALID"),
    assert.AssertionError,
  );
});
