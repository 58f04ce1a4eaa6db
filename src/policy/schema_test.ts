import { test } from "node:test";
import assert from "node:assert/strict";
import { PolicyDocumentSchema, policySchemaJson, structuralErrors } from "./schema.ts";

test("structuralErrors() words each error like the store and gives its JSON pointer", () => {
  const errors = structuralErrors(PolicyDocumentSchema, {
    version: 2,
    tenants: [{
      "x/y": 1,
      globalPolicy: "Disabled",
      groups: [{ id: "g", rank: 1.5 }],
      users: [{ id: "-bad", e2ee: "yes", tokens: ["short", { token: "long-enough", expiresAt: -1 }] }],
    }],
  });
  assert.deepEqual(errors.map((e) => [e.path, e.message]).sort(), [
    ["/tenants/0/globalPolicy", 'expected "disabled" or "userControlled", got "Disabled"'],
    ["/tenants/0/groups/0/rank", "rank must be a safe integer, got 1.5"],
    ["/tenants/0/id", 'missing required property "id"'],
    ["/tenants/0/users/0/e2ee", 'expected a boolean, got "yes"'],
    [
      "/tenants/0/users/0/id",
      'id "-bad" must be 1–128 characters of A–Z a–z 0–9 . _ @ - starting with a letter or digit',
    ],
    ["/tenants/0/users/0/tokens/0", "token must be 8–256 characters of A–Z a–z 0–9 . _ ~ -"],
    ["/tenants/0/users/0/tokens/1/expiresAt", "expected Unix time in ms (an integer ≥ 0)"],
    ["/tenants/0/x~1y", 'unknown property "x/y"'],
    ["/version", "expected version 1, got 2"],
  ]);
  assert.deepEqual(structuralErrors(PolicyDocumentSchema, { version: 1, tenants: [] }), []);
});

test("policySchemaJson() is a plain 2020-12 JSON Schema with closed objects", () => {
  const s = policySchemaJson();
  assert.equal(s.$schema, "https://json-schema.org/draft/2020-12/schema");
  assert.equal(s.additionalProperties, false);
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s, "no symbols or functions");
});
