/**
 * The web client's CallState (SPEC §7): the media profile of an E2EE call, none in a standard call.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { call, snapshot } from "./call.ts";
import { validateRpcResult } from "../protocol/mod.ts";

test("snapshot() reports dtls-srtp once the call is E2EE (relay topology), none before or in a standard call", () => {
  const c = call({ callId: "c-1", role: "callee", peer: "alice", state: "ringing" });
  assert.equal("profile" in snapshot(c), false, "before the topology is known");
  c.topology = "processor";
  assert.equal("profile" in snapshot(c), false, "a standard call");
  c.topology = "relay";
  const s = snapshot(c);
  assert.equal(s.profile, "dtls-srtp");
  assert.equal("sframe" in s, false, "no SFrame counters outside the sframe profile");
  assert.ok(validateRpcResult("call.state", s).ok, JSON.stringify(s));
});
