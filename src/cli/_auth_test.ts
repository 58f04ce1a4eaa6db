import { test } from "node:test";
import assert from "node:assert/strict";
import { ShieldCallError } from "../errors.ts";
import { authMessage, isAuthFailure, naming } from "./_auth.ts";

test("authMessage() names who was refused and the flag that supplied the token", () => {
  assert.equal(
    authMessage("alice", "--as-token", true),
    "Authentication failed for alice: the service refused the token from --as-token",
  );
  assert.equal(
    authMessage("the admin API at http://h/admin", "--admin-token", false),
    "Authentication failed for the admin API at http://h/admin: no token was sent; give one with --admin-token",
  );
  assert.match(authMessage("bob", null, true, "the token issued for bob through the admin API"), /issued for bob/);
});

test("naming() rewrites AUTH_FAILED and AUTH_REQUIRED only", async () => {
  assert.ok(isAuthFailure(new ShieldCallError("AUTH_REQUIRED", "x")));
  assert.ok(!isAuthFailure(new ShieldCallError("USER_NOT_FOUND", "x")));
  await assert.rejects(
    naming(
      () => Promise.reject(new ShieldCallError("AUTH_FAILED", "Authentication failed")),
      "alice",
      "--as-token",
      true,
    ),
    { message: "Authentication failed for alice: the service refused the token from --as-token", code: "AUTH_FAILED" },
  );
  await assert.rejects(naming(() => Promise.reject(new ShieldCallError("USER_NOT_FOUND", "gone")), "a", "--x", true), {
    message: "gone",
  });
});
