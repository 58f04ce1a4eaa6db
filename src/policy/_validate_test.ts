import { test } from "node:test";
import assert from "node:assert/strict";
import { ID_PATTERN, idProblem, rankProblem, textProblem, tokenProblem, valueProblem } from "./_validate.ts";

test("idProblem() accepts 1–128 pattern characters and rejects the rest", () => {
  for (
    const ok of ["a", "A", "0", "alice", "E2EE-Allowed", "alice@contoso.com", "a.b_c-d", "constructor", "x".repeat(128)]
  ) {
    assert.equal(idProblem(ok), null, ok);
    assert.match(ok, ID_PATTERN);
  }
  for (const bad of ["", "x".repeat(129), " a", "a b", "-a", ".a", "_a", "__proto__", "a/b", "é", "a\n", "a\u0000"]) {
    assert.notEqual(idProblem(bad), null, JSON.stringify(bad));
  }
  for (const bad of [undefined, null, 1, true, {}, ["a"]]) assert.notEqual(idProblem(bad), null);
});

test("tokenProblem() accepts 8–256 URL-safe characters and never echoes the token", () => {
  assert.equal(tokenProblem("alice-token"), null);
  assert.equal(tokenProblem("a".repeat(256)), null);
  for (const bad of ["short", "a".repeat(257), "has space-x", "plus+sign1", "slash/slash"]) {
    const p = tokenProblem(bad);
    assert.notEqual(p, null);
    assert.ok(!p!.includes(bad), "message must not contain the token");
  }
  assert.notEqual(tokenProblem(12345678), null);
});

test("valueProblem() accepts exactly the two policy values", () => {
  assert.equal(valueProblem("disabled"), null);
  assert.equal(valueProblem("userControlled"), null);
  for (const bad of ["Disabled", "usercontrolled", "DisabledUserOverride", "", null, 1]) {
    assert.notEqual(valueProblem(bad), null);
  }
});

test("rankProblem() accepts only safe integers", () => {
  for (const ok of [0, 1, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER]) assert.equal(rankProblem(ok), null);
  for (const bad of [1.5, NaN, Infinity, -Infinity, 2 ** 53, "1", null]) assert.notEqual(rankProblem(bad), null);
});

test("textProblem() limits length to 256 and rejects control characters", () => {
  assert.equal(textProblem(""), null);
  assert.equal(textProblem("Contoso Ltd — ünïcode"), null);
  assert.equal(textProblem("x".repeat(256)), null);
  assert.notEqual(textProblem("x".repeat(257)), null);
  assert.notEqual(textProblem("a\tb"), null);
  assert.notEqual(textProblem("a\u007fb"), null);
  assert.notEqual(textProblem(5), null);
});
