import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR_CODES, isErrorCode, isShieldCallError, ShieldCallError } from "./errors.ts";

test("ShieldCallError carries its code and serialises without a stack", () => {
  const e = new ShieldCallError("BAD_STATE", 'Cannot accept call "c-1": state is "ended"', { state: "ended" });
  assert.equal(e.code, "BAD_STATE");
  assert.deepEqual(JSON.parse(JSON.stringify(e)), {
    code: "BAD_STATE",
    message: 'Cannot accept call "c-1": state is "ended"',
    detail: { state: "ended" },
  });
  assert.ok(isShieldCallError(e, "BAD_STATE"));
  assert.ok(!isShieldCallError(e, "AUTH_FAILED"));
  assert.ok(!isShieldCallError(new Error("x")));
});

test("isErrorCode() accepts only registered codes", () => {
  for (const c of Object.keys(ERROR_CODES)) assert.ok(isErrorCode(c));
  assert.ok(!isErrorCode("NOPE"));
  assert.ok(!isErrorCode("toString"));
  assert.ok(!isErrorCode(42));
});

test("SPEC.md §9 lists every error code with its meaning", async () => {
  const { readFileSync } = await import("node:fs");
  const spec = readFileSync(new URL("../SPEC.md", import.meta.url), "utf8");
  // Table cells are compared without their padding, so the formatter may align the columns.
  const rows = new Set(spec.split("\n").map((l) => l.split("|").map((c) => c.trim()).join("|")));
  const missing = Object.entries(ERROR_CODES).filter(([code, meaning]) => !rows.has(`|\`${code}\`|${meaning}|`));
  assert.deepEqual(missing, []);
});
