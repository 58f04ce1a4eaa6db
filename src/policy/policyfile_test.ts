import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { isShieldCallError, ShieldCallError } from "../errors.ts";
import { dumpPolicyFile, loadPolicyFile } from "./policyfile.ts";
import { PolicyStore } from "./store.ts";

/** The example of SPEC §3.5. */
const EXAMPLE = {
  version: 1,
  tenants: [
    {
      id: "contoso",
      name: "Contoso Ltd",
      globalPolicy: "disabled",
      policies: [
        { id: "E2EE-Allowed", value: "userControlled", description: "Users may turn on E2EE for 1:1 calls" },
        { id: "E2EE-Blocked", value: "disabled" },
      ],
      groups: [
        { id: "security", rank: 10, members: ["alice", "bob"], policy: "E2EE-Allowed" },
        { id: "legal", rank: 20, members: ["bob"], policy: "E2EE-Blocked" },
      ],
      users: [
        {
          id: "alice",
          displayName: "Alice",
          policy: null,
          e2ee: true,
          complianceRecording: false,
          tokens: ["alice-token"],
        },
        {
          id: "bob",
          displayName: "Bob",
          policy: "E2EE-Allowed",
          e2ee: true,
          complianceRecording: false,
          tokens: ["bob-token"],
        },
        { id: "carol", policy: null, e2ee: false, complianceRecording: true, tokens: [] },
      ],
    },
    {
      id: "fabrikam",
      globalPolicy: "userControlled",
      policies: [],
      groups: [],
      users: [{ id: "fred", policy: null, e2ee: false, complianceRecording: false, tokens: ["fred-token"] }],
    },
  ],
};

/** The loader's error list for `json`, or fails the test when it loads. */
function errorsOf(json: unknown): Array<{ path: string; message: string }> {
  try {
    loadPolicyFile(json);
  } catch (e) {
    assert.ok(isShieldCallError(e, "POLICY_INVALID"), String(e));
    return e.detail!.errors as Array<{ path: string; message: string }>;
  }
  assert.fail("expected POLICY_INVALID");
}

describe("loadPolicyFile() (SPEC §3.5)", () => {
  test("loadPolicyFile() loads the SPEC example with precedence, settings and tokens in force", () => {
    const { store } = loadPolicyFile(structuredClone(EXAMPLE));
    assert.deepEqual(store.effectivePolicy("alice"), {
      value: "userControlled",
      policyId: "E2EE-Allowed",
      source: "group:security",
    });
    assert.deepEqual(store.effectivePolicy("bob"), {
      value: "userControlled",
      policyId: "E2EE-Allowed",
      source: "user",
    });
    assert.equal(store.getSetting("alice").enabled, true);
    assert.equal(store.getSetting("carol").visible, false);
    assert.deepEqual(store.eligibility("alice", "bob"), { e2ee: true, reasons: [] });
    assert.equal(store.authenticate("bob-token")?.id, "bob");
    assert.equal(store.getTenant("fabrikam").globalPolicy, "userControlled");
  });

  test("loadPolicyFile() fills defaults: Global disabled (P1), setting off (P3), nothing assigned", () => {
    const { store } = loadPolicyFile({ version: 1, tenants: [{ id: "t", users: [{ id: "u" }] }] });
    assert.deepEqual(store.getTenant("t"), { id: "t", globalPolicy: "disabled" });
    assert.deepEqual(store.getUser("u"), {
      id: "u",
      tenantId: "t",
      complianceRecording: false,
      e2eeSetting: false,
      policy: null,
      tokenCount: 0,
    });
  });

  test("loadPolicyFile() reports every error with its exact JSON pointer in one go", () => {
    const file = {
      version: 2,
      extra: true,
      tenants: [
        {
          id: "contoso",
          globalPolicy: "Disabled",
          policies: [
            { id: "Allowed", value: "userControlled" },
            { id: "Allowed", value: "disabled" },
            { id: "Global", value: "disabled" },
            { id: "bad value", value: "maybe" },
          ],
          groups: [
            { id: "sec", rank: 1.5, members: ["alice", "ghost", "alice", 7], policy: "Nope" },
            { id: "sec", rank: 2 },
          ],
          users: [
            { id: "alice", policy: "Global", e2ee: "yes", tokens: ["short"] },
            { id: "carol", e2ee: true, tokens: ["carol-token", "carol-token"] },
            { id: "bob", policy: "Missing" },
            { id: "alice" },
            { id: "dave", "e2EE": true },
          ],
        },
        { id: "contoso" },
        {
          id: "fabrikam",
          policies: [{ id: "On", value: "userControlled" }],
          groups: [{ id: "g", rank: 1, members: ["erin", "alice"], policy: "On" }],
          users: [
            { id: "erin", e2ee: true },
            { id: "frank", e2ee: true },
            { id: "gina", policy: "On", e2ee: true, complianceRecording: true },
            { id: "hank", tokens: ["carol-token"] },
          ],
        },
        "nope",
      ],
    };
    const errors = errorsOf(file);
    assert.deepEqual(errors.map((e) => e.path), [
      "/extra",
      "/version",
      "/tenants/0/globalPolicy",
      "/tenants/0/policies/1/id",
      "/tenants/0/policies/2/id",
      "/tenants/0/policies/3/id",
      "/tenants/0/policies/3/value",
      "/tenants/0/groups/0/rank",
      "/tenants/0/groups/0/members/1",
      "/tenants/0/groups/0/members/2",
      "/tenants/0/groups/0/members/3",
      "/tenants/0/groups/0/policy",
      "/tenants/0/groups/1/id",
      "/tenants/0/users/0/policy",
      "/tenants/0/users/0/e2ee",
      "/tenants/0/users/0/tokens/0",
      "/tenants/0/users/1/tokens/1",
      "/tenants/0/users/2/policy",
      "/tenants/0/users/3/id",
      "/tenants/0/users/4/e2EE",
      "/tenants/1/id",
      "/tenants/2/groups/0/members/1",
      "/tenants/2/users/1/e2ee",
      "/tenants/2/users/2/e2ee",
      "/tenants/2/users/3/tokens/0",
      "/tenants/3",
    ]);
    const at = (p: string) => errors.find((e) => e.path === p)!.message;
    assert.match(at("/tenants/0/users/2/policy"), /unknown policy "Missing"/);
    assert.match(at("/tenants/0/groups/0/members/1"), /unknown user "ghost"/);
    assert.match(at("/tenants/2/groups/0/members/1"), /unknown user "alice" in tenant "fabrikam"/);
    assert.match(at("/tenants/2/users/1/e2ee"), /effective policy "Global" \(global\) is "disabled"/);
    assert.match(at("/tenants/2/users/2/e2ee"), /compliance recording/);
    assert.match(at("/tenants/1/id"), /duplicate tenant id "contoso" \(first at \/tenants\/0\/id\)/);
    assert.ok(!JSON.stringify(errors).includes("carol-token"), "token values are never echoed");
  });

  test("loadPolicyFile() checks e2ee against the precedence rule (user assignment beats group)", () => {
    const file = structuredClone(EXAMPLE);
    file.tenants[0]!.users[0]!.policy = "E2EE-Blocked" as never; // alice: the user assignment now disallows
    assert.deepEqual(errorsOf(file), [{
      path: "/tenants/0/users/0/e2ee",
      message: 'setting cannot be on: effective policy "E2EE-Blocked" (user) is "disabled"',
    }]);
    const file2 = structuredClone(EXAMPLE);
    file2.tenants[0]!.users[1]!.policy = null as never; // bob: legal (rank 20, blocked) now beats security (rank 10)
    assert.deepEqual(errorsOf(file2).map((e) => [e.path, e.message]), [[
      "/tenants/0/users/1/e2ee",
      'setting cannot be on: effective policy "E2EE-Blocked" (group:legal) is "disabled"',
    ]]);
  });

  test("loadPolicyFile() adds no e2ee error when a broken group makes precedence unknowable", () => {
    const file = structuredClone(EXAMPLE) as { tenants: Array<{ groups: unknown[] }> };
    file.tenants[0]!.groups[1] = "legal";
    assert.deepEqual(errorsOf(file).map((e) => e.path), ["/tenants/0/groups/1"]);
  });

  test("loadPolicyFile() escapes unknown property names as RFC 6901 pointers", () => {
    assert.deepEqual(errorsOf({ version: 1, tenants: [{ id: "t", "a/b~c": 1 }] }).map((e) => e.path), [
      "/tenants/0/a~1b~0c",
    ]);
  });

  test("loadPolicyFile() rejects non-documents at the root", () => {
    assert.deepEqual(errorsOf(null).map((e) => e.path), [""]);
    assert.deepEqual(errorsOf([]).map((e) => e.path), [""]);
    assert.deepEqual(errorsOf({ version: 1 }).map((e) => e.path), ["/tenants"]);
    assert.deepEqual(
      errorsOf({ version: 1, tenants: [{ id: "t", policies: {}, groups: 1, users: "x" }] }).map((e) => e.path),
      ["/tenants/0/policies", "/tenants/0/groups", "/tenants/0/users"],
    );
  });

  test("loadPolicyFile() throws one ShieldCallError whose message names the count and first error", () => {
    assert.throws(
      () => loadPolicyFile({ version: 1, tenants: [{ id: "" }, { id: "t", globalPolicy: 3 }] }),
      (e: unknown) => {
        assert.ok(e instanceof ShieldCallError);
        assert.equal(e.code, "POLICY_INVALID");
        assert.match(e.message, /^Policy file is invalid: 2 errors, first at "\/tenants\/0\/id": /);
        return true;
      },
    );
  });

  test("loadPolicyFile() refuses a hidden setting that PolicyStore.fromJSON() state keeps", () => {
    const doc = structuredClone(EXAMPLE);
    doc.tenants[0]!.users[0]!.policy = "E2EE-Blocked" as never;
    assert.equal(PolicyStore.fromJSON(doc).getUser("alice").e2eeSetting, true);
    assert.equal(errorsOf(doc).length, 1);
  });
});

describe("dumpPolicyFile() (SPEC §3.5)", () => {
  test("dumpPolicyFile(loadPolicyFile(x)) reproduces a fully written file", () => {
    const { store } = loadPolicyFile(structuredClone(EXAMPLE));
    assert.deepEqual(dumpPolicyFile(store), EXAMPLE);
  });

  test("loadPolicyFile(dumpPolicyFile(store)) restores a store built through the API", () => {
    const s = new PolicyStore({ randomToken: () => "fixed-token-1" });
    s.createTenant("t", "Tenant");
    s.createPolicy("t", { id: "on", value: "userControlled", description: "on" });
    s.createUser({ id: "a", tenantId: "t", displayName: "A" });
    s.createUser({ id: "b", tenantId: "t" });
    s.createGroup("t", { id: "g", rank: -2, members: ["b", "a"] });
    s.assignPolicy("t", { to: { group: "g" }, policyId: "on" });
    s.setSetting("a", true);
    s.issueToken("a");
    const text = JSON.stringify(dumpPolicyFile(s));
    const { store } = loadPolicyFile(JSON.parse(text));
    assert.deepEqual(store.toJSON(), s.toJSON());
    assert.equal(JSON.stringify(dumpPolicyFile(store)), text);
  });

  test("dumpPolicyFile() writes a hidden setting as off so the dump always loads", () => {
    const s = new PolicyStore();
    s.createTenant("t");
    s.setPolicyValue("t", "Global", "userControlled");
    s.createUser({ id: "a", tenantId: "t" });
    s.setSetting("a", true);
    s.setPolicyValue("t", "Global", "disabled");
    const dump = dumpPolicyFile(s);
    assert.equal(dump.tenants[0]!.users[0]!.e2ee, false);
    assert.equal(s.toJSON().tenants[0]!.users[0]!.e2ee, true, "toJSON() keeps the remembered setting");
    assert.equal(loadPolicyFile(dump).store.getSetting("a").enabled, false);
  });
});
