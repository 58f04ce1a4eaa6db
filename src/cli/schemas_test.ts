import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { allSchemaFiles } from "./schemas.ts";

test("fixtures/schemas/policy holds the policy document's schema as `shieldcall schemas` writes it", () => {
  const name = "policy/policy-document.schema.json";
  const text = allSchemaFiles()[name]!;
  assert.equal(readFileSync(new URL(`../../fixtures/schemas/${name}`, import.meta.url), "utf8"), text);
  const readme = readFileSync(new URL("../../fixtures/schemas/README.md", import.meta.url), "utf8");
  assert.ok(readme.includes(`\`${name}\``), "README.md describes it");
});
