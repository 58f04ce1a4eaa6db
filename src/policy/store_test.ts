import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { isShieldCallError } from "../errors.ts";
import { PolicyStore } from "./store.ts";

/** Asserts `fn` throws a ShieldCallError with `code`. */
function throwsCode(fn: () => unknown, code: string): void {
  assert.throws(fn, (e: unknown) => isShieldCallError(e) && e.code === code);
}

/** A tenant "contoso" with users alice, bob, carol and a userControlled policy "allowed". */
function base(): PolicyStore {
  const s = new PolicyStore({ randomToken: () => "generated-token" });
  s.createTenant("contoso", "Contoso");
  s.createPolicy("contoso", { id: "allowed", value: "userControlled", description: "E2EE allowed" });
  s.createPolicy("contoso", { id: "blocked", value: "disabled" });
  for (const id of ["alice", "bob", "carol"]) s.createUser({ id, tenantId: "contoso" });
  return s;
}

describe("tenants (SPEC §3.1, P1)", () => {
  test("createTenant() gives the tenant a Global policy with value disabled", () => {
    const s = new PolicyStore();
    assert.deepEqual(s.createTenant("fabrikam"), { id: "fabrikam", globalPolicy: "disabled" });
    assert.deepEqual(s.listPolicies("fabrikam"), [{ id: "Global", value: "disabled" }]);
    s.createUser({ id: "u1", tenantId: "fabrikam" });
    assert.deepEqual(s.effectivePolicy("u1"), { value: "disabled", policyId: "Global", source: "global" });
  });

  test("createTenant() refuses an existing id with POLICY_CONFLICT", () => {
    const s = base();
    throwsCode(() => s.createTenant("contoso"), "POLICY_CONFLICT");
  });

  test("deleteTenant() removes the tenant's users and their tokens", () => {
    const s = base();
    s.issueToken("alice", "alice-token");
    s.createTenant("other");
    s.createUser({ id: "olga", tenantId: "other" });
    s.deleteTenant("contoso");
    assert.deepEqual(s.listTenants().map((t) => t.id), ["other"]);
    assert.deepEqual(s.listUsers().map((u) => u.id), ["olga"]);
    assert.equal(s.authenticate("alice-token"), null);
    throwsCode(() => s.getUser("alice"), "POLICY_NOT_FOUND");
  });
});

describe("policies (SPEC §3.1, P2)", () => {
  test("setPolicyValue() on Global changes the tenant's global policy", () => {
    const s = base();
    s.setPolicyValue("contoso", "Global", "userControlled");
    assert.equal(s.getTenant("contoso").globalPolicy, "userControlled");
    assert.equal(s.effectivePolicy("alice").value, "userControlled");
  });

  test("createPolicy() refuses Global and existing ids with POLICY_CONFLICT", () => {
    const s = base();
    throwsCode(() => s.createPolicy("contoso", { id: "Global", value: "userControlled" }), "POLICY_CONFLICT");
    throwsCode(() => s.createPolicy("contoso", { id: "allowed", value: "disabled" }), "POLICY_CONFLICT");
    assert.equal(s.getPolicy("contoso", "allowed").value, "userControlled");
  });

  test("deletePolicy() refuses Global and a policy still assigned, then deletes once unassigned", () => {
    const s = base();
    throwsCode(() => s.deletePolicy("contoso", "Global"), "POLICY_CONFLICT");
    s.createGroup("contoso", { id: "sec", rank: 1 });
    s.assignPolicy("contoso", { to: { user: "bob" }, policyId: "allowed" });
    s.assignPolicy("contoso", { to: { group: "sec" }, policyId: "allowed" });
    assert.throws(
      () => s.deletePolicy("contoso", "allowed"),
      (e: unknown) =>
        isShieldCallError(e, "POLICY_CONFLICT") &&
        JSON.stringify(e.detail) === JSON.stringify({ assignedTo: ["user:bob", "group:sec"] }),
    );
    s.assignPolicy("contoso", { to: { user: "bob" }, policyId: null });
    throwsCode(() => s.deletePolicy("contoso", "allowed"), "POLICY_CONFLICT");
    s.assignPolicy("contoso", { to: { group: "sec" }, policyId: null });
    s.deletePolicy("contoso", "allowed");
    throwsCode(() => s.getPolicy("contoso", "allowed"), "POLICY_NOT_FOUND");
  });

  test("policies of one tenant are invisible to another", () => {
    const s = base();
    s.createTenant("other");
    s.createUser({ id: "olga", tenantId: "other" });
    throwsCode(() => s.assignPolicy("other", { to: { user: "olga" }, policyId: "allowed" }), "POLICY_NOT_FOUND");
    throwsCode(() => s.assignPolicy("other", { to: { user: "alice" }, policyId: null }), "POLICY_NOT_FOUND");
  });
});

describe("groups (SPEC §3.1)", () => {
  test("createGroup(), addMember(), removeMember(), setRank() keep members and rank", () => {
    const s = base();
    assert.deepEqual(s.createGroup("contoso", { id: "sec", rank: 10, members: ["alice"] }), {
      id: "sec",
      rank: 10,
      members: ["alice"],
      policy: null,
    });
    s.addMember("contoso", "sec", "bob");
    s.removeMember("contoso", "sec", "alice");
    s.setRank("contoso", "sec", -3);
    assert.deepEqual(s.getGroup("contoso", "sec"), { id: "sec", rank: -3, members: ["bob"], policy: null });
  });

  test("addMember() of a member is POLICY_CONFLICT; removeMember() of a non-member is POLICY_NOT_FOUND", () => {
    const s = base();
    s.createGroup("contoso", { id: "sec", rank: 1, members: ["alice"] });
    throwsCode(() => s.addMember("contoso", "sec", "alice"), "POLICY_CONFLICT");
    throwsCode(() => s.removeMember("contoso", "sec", "bob"), "POLICY_NOT_FOUND");
  });

  test("a group member must be a user of the same tenant", () => {
    const s = base();
    s.createTenant("other");
    s.createUser({ id: "olga", tenantId: "other" });
    s.createGroup("contoso", { id: "sec", rank: 1 });
    throwsCode(() => s.addMember("contoso", "sec", "olga"), "POLICY_NOT_FOUND");
    throwsCode(() => s.createGroup("contoso", { id: "g2", rank: 1, members: ["olga"] }), "POLICY_NOT_FOUND");
  });

  test("listTenants(), listPolicies(), listGroups() and listUsers() return copies in creation order", () => {
    const s = base();
    s.createTenant("other");
    s.createUser({ id: "olga", tenantId: "other" });
    s.createGroup("contoso", { id: "g1", rank: 1, members: ["bob"] });
    s.createGroup("contoso", { id: "g0", rank: 1 });
    assert.deepEqual(s.listTenants().map((t) => t.id), ["contoso", "other"]);
    assert.deepEqual(s.listPolicies("contoso").map((p) => p.id), ["Global", "allowed", "blocked"]);
    assert.deepEqual(s.listGroups("contoso").map((g) => g.id), ["g1", "g0"]);
    assert.deepEqual(s.listUsers("contoso").map((u) => u.id), ["alice", "bob", "carol"]);
    assert.deepEqual(s.listUsers().map((u) => u.id), ["alice", "bob", "carol", "olga"]);
    s.listGroups("contoso")[0]!.members.push("alice");
    s.getGroup("contoso", "g1").members.push("alice");
    s.listPolicies("contoso")[1]!.value = "disabled";
    assert.deepEqual(s.getGroup("contoso", "g1").members, ["bob"], "returned arrays are copies");
    assert.equal(s.getPolicy("contoso", "allowed").value, "userControlled", "returned objects are copies");
  });

  test("deleteUser() removes the user from its groups", () => {
    const s = base();
    s.createGroup("contoso", { id: "sec", rank: 1, members: ["alice", "bob"] });
    s.deleteUser("alice");
    assert.deepEqual(s.getGroup("contoso", "sec").members, ["bob"]);
  });
});

describe("effectivePolicy() precedence through the store (SPEC §3.2, P2)", () => {
  test("user > highest-ranked group > global, and every removal falls back one step", () => {
    const s = base();
    s.createPolicy("contoso", { id: "hi-pol", value: "userControlled" });
    s.createPolicy("contoso", { id: "lo-pol", value: "disabled" });
    s.createGroup("contoso", { id: "low", rank: 1, members: ["alice"] });
    s.createGroup("contoso", { id: "high", rank: 5, members: ["alice"] });
    const eff = () => s.effectivePolicy("alice");
    const steps: Array<[string, () => void, { value: string; policyId: string; source: string }]> = [
      ["nothing assigned", () => {}, { value: "disabled", policyId: "Global", source: "global" }],
      ["global set", () => s.setPolicyValue("contoso", "Global", "userControlled"), {
        value: "userControlled",
        policyId: "Global",
        source: "global",
      }],
      ["low group assigned", () => s.assignPolicy("contoso", { to: { group: "low" }, policyId: "lo-pol" }), {
        value: "disabled",
        policyId: "lo-pol",
        source: "group:low",
      }],
      ["high group assigned", () => s.assignPolicy("contoso", { to: { group: "high" }, policyId: "hi-pol" }), {
        value: "userControlled",
        policyId: "hi-pol",
        source: "group:high",
      }],
      ["user assigned", () => s.assignPolicy("contoso", { to: { user: "alice" }, policyId: "blocked" }), {
        value: "disabled",
        policyId: "blocked",
        source: "user",
      }],
      ["user assignment removed", () => s.assignPolicy("contoso", { to: { user: "alice" }, policyId: null }), {
        value: "userControlled",
        policyId: "hi-pol",
        source: "group:high",
      }],
      ["low outranks high", () => s.setRank("contoso", "low", 10), {
        value: "disabled",
        policyId: "lo-pol",
        source: "group:low",
      }],
      ["equal rank: smallest id", () => s.setRank("contoso", "high", 10), {
        value: "userControlled",
        policyId: "hi-pol",
        source: "group:high",
      }],
      ["removed from high", () => s.removeMember("contoso", "high", "alice"), {
        value: "disabled",
        policyId: "lo-pol",
        source: "group:low",
      }],
      ["low unassigned", () => s.assignPolicy("contoso", { to: { group: "low" }, policyId: null }), {
        value: "userControlled",
        policyId: "Global",
        source: "global",
      }],
      ["policy value change applies", () => s.setPolicyValue("contoso", "Global", "disabled"), {
        value: "disabled",
        policyId: "Global",
        source: "global",
      }],
    ];
    for (const [name, act, expected] of steps) {
      act();
      assert.deepEqual(eff(), expected, name);
    }
  });

  test("a higher-ranked group without a policy does not hide a lower group's assignment", () => {
    const s = base();
    s.createGroup("contoso", { id: "big", rank: 100, members: ["bob"] });
    s.createGroup("contoso", { id: "small", rank: 1, members: ["bob"] });
    s.assignPolicy("contoso", { to: { group: "small" }, policyId: "allowed" });
    assert.deepEqual(s.effectivePolicy("bob"), { value: "userControlled", policyId: "allowed", source: "group:small" });
  });

  test("deleteGroup() drops its assignment", () => {
    const s = base();
    s.createGroup("contoso", { id: "sec", rank: 1, members: ["bob"] });
    s.assignPolicy("contoso", { to: { group: "sec" }, policyId: "allowed" });
    s.deleteGroup("contoso", "sec");
    assert.equal(s.effectivePolicy("bob").source, "global");
  });
});

describe("user setting (SPEC §3.3, P3)", () => {
  test("createUser() starts with the setting off and hidden under the default policy", () => {
    const s = base();
    assert.equal(s.getUser("alice").e2eeSetting, false);
    assert.deepEqual(s.getSetting("alice"), {
      visible: false,
      enabled: false,
      effective: { value: "disabled", policyId: "Global", source: "global" },
    });
  });

  test("setSetting() refuses with POLICY_DISALLOWS and changes nothing while hidden", () => {
    const s = base();
    const before = s.toJSON();
    throwsCode(() => s.setSetting("alice", true), "POLICY_DISALLOWS");
    assert.deepEqual(s.toJSON(), before);
  });

  test("setSetting() works under userControlled; the setting starts off there too", () => {
    const s = base();
    s.assignPolicy("contoso", { to: { user: "alice" }, policyId: "allowed" });
    assert.deepEqual(s.getSetting("alice").visible, true);
    assert.equal(s.getSetting("alice").enabled, false);
    assert.equal(s.setSetting("alice", true).enabled, true);
    assert.equal(s.getSetting("alice").enabled, true);
    assert.equal(s.getSetting("bob").enabled, false, "another user is unaffected");
    assert.equal(s.setSetting("alice", false).enabled, false);
  });

  test("compliance recording hides the setting and refuses changes", () => {
    const s = base();
    s.assignPolicy("contoso", { to: { user: "alice" }, policyId: "allowed" });
    s.setSetting("alice", true);
    s.setComplianceRecording("alice", true);
    assert.deepEqual(s.getSetting("alice").visible, false);
    assert.equal(s.getSetting("alice").enabled, false);
    assert.throws(
      () => s.setSetting("alice", false),
      (e: unknown) => isShieldCallError(e, "POLICY_DISALLOWS") && /compliance recording/.test(e.message),
    );
    s.createUser({ id: "dave", tenantId: "contoso", complianceRecording: true });
    s.assignPolicy("contoso", { to: { user: "dave" }, policyId: "allowed" });
    assert.equal(s.getSetting("dave").visible, false);
  });

  test("a hidden setting reads off but is remembered when the policy allows it again", () => {
    const s = base();
    s.assignPolicy("contoso", { to: { user: "alice" }, policyId: "allowed" });
    s.setSetting("alice", true);
    s.setPolicyValue("contoso", "allowed", "disabled");
    assert.deepEqual([s.getSetting("alice").visible, s.getSetting("alice").enabled, s.getUser("alice").e2eeSetting], [
      false,
      false,
      true,
    ]);
    s.setPolicyValue("contoso", "allowed", "userControlled");
    assert.equal(s.getSetting("alice").enabled, true);
  });
});

describe("tokens (SPEC §3.1, S1)", () => {
  test("issueToken(), authenticate() and revokeToken() round-trip", () => {
    const s = base();
    assert.equal(s.issueToken("alice", "alice-token"), "alice-token");
    assert.equal(s.issueToken("bob"), "generated-token");
    assert.equal(s.authenticate("alice-token")?.id, "alice");
    assert.equal(s.authenticate("generated-token")?.id, "bob");
    assert.equal(s.authenticate("alice-tokem"), null);
    assert.equal(s.authenticate("alice-toke"), null);
    assert.equal(s.getUser("alice").tokenCount, 1);
    assert.ok(!JSON.stringify(s.getUser("alice")).includes("alice-token"), "getUser() never returns tokens");
    s.revokeToken("alice-token");
    assert.equal(s.authenticate("alice-token"), null);
    throwsCode(() => s.revokeToken("alice-token"), "POLICY_NOT_FOUND");
  });

  test("issueToken() refuses a token already issued to anyone", () => {
    const s = base();
    s.issueToken("alice", "shared-token");
    throwsCode(() => s.issueToken("bob", "shared-token"), "POLICY_CONFLICT");
    throwsCode(() => s.issueToken("alice", "shared-token"), "POLICY_CONFLICT");
    assert.equal(s.getUser("bob").tokenCount, 0);
  });

  test("issueToken() without a generator uses 256-bit WebCrypto tokens", () => {
    const s = new PolicyStore();
    s.createTenant("t");
    s.createUser({ id: "u", tenantId: "t" });
    const a = s.issueToken("u");
    const b = s.issueToken("u");
    assert.equal(a.length, 43);
    assert.notEqual(a, b);
    assert.equal(s.authenticate(b)?.id, "u");
  });

  test("authenticate() returns null for anything that is not a known token", () => {
    const s = base();
    s.issueToken("alice", "alice-token");
    for (const bad of [undefined, null, 42, {}, ["alice-token"], "", "x".repeat(300)]) {
      assert.equal(s.authenticate(bad), null);
    }
  });

  test("deleteUser() invalidates the user's tokens", () => {
    const s = base();
    s.issueToken("alice", "alice-token");
    s.deleteUser("alice");
    assert.equal(s.authenticate("alice-token"), null);
  });
});

describe("toJSON() / fromJSON()", () => {
  test("fromJSON(toJSON()) restores state, behaviour and remembered hidden settings", () => {
    const s = base();
    s.createTenant("fabrikam");
    s.setPolicyValue("fabrikam", "Global", "userControlled");
    s.createUser({ id: "fred", tenantId: "fabrikam", displayName: "Fred" });
    s.createGroup("contoso", { id: "sec", rank: 7, members: ["alice", "bob"] });
    s.assignPolicy("contoso", { to: { group: "sec" }, policyId: "allowed" });
    s.setSetting("alice", true);
    s.setSetting("bob", true);
    s.assignPolicy("contoso", { to: { user: "bob" }, policyId: "blocked" }); // bob's setting now hidden
    s.issueToken("alice", "alice-token");
    s.setComplianceRecording("carol", true);
    const json = JSON.parse(JSON.stringify(s.toJSON()));
    const r = PolicyStore.fromJSON(json);
    assert.deepEqual(r.toJSON(), s.toJSON());
    for (const u of ["alice", "bob", "carol", "fred"]) {
      assert.deepEqual(r.getSetting(u), s.getSetting(u), u);
      assert.deepEqual(r.getUser(u), s.getUser(u), u);
    }
    assert.equal(r.getUser("bob").e2eeSetting, true);
    assert.equal(r.authenticate("alice-token")?.id, "alice");
  });

  test("fromJSON() rejects a broken state with POLICY_INVALID listing the errors", () => {
    assert.throws(
      () => PolicyStore.fromJSON({ version: 2, tenants: [{ id: "" }] }),
      (e: unknown) =>
        isShieldCallError(e, "POLICY_INVALID") &&
        JSON.stringify((e.detail!.errors as Array<{ path: string }>).map((x) => x.path)) ===
          JSON.stringify(["/version", "/tenants/0/id"]),
    );
  });
});
