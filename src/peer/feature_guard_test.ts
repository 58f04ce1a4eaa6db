import { test } from "node:test";
import assert from "node:assert/strict";
import { FEATURES } from "../protocol/mod.ts";
import { PeerCall } from "./call.ts";
import { localRefusal } from "./feature_guard.ts";

const call = (
  topology: "relay" | "processor" | null,
  init: Partial<{ role: "caller" | "callee"; state: "ringing" | "connected" }> = {},
) => {
  const c = new PeerCall({
    callId: `c-${topology}-${init.role ?? "caller"}`,
    role: init.role ?? "caller",
    peer: "bob",
    state: init.state ?? "connected",
  });
  c.topology = topology;
  return c;
};

test("localRefusal() refuses every §2.4 feature in an E2EE call and none in a standard call (F1–F10)", () => {
  const e2ee = call("relay");
  const std = call("processor");
  for (const f of FEATURES) {
    assert.equal(localRefusal(e2ee, f, undefined, () => undefined, true)?.code, "FEATURE_DISABLED_E2EE", f);
    assert.equal(localRefusal(std, f, undefined, () => undefined, true), null, f);
  }
  // hold and resume are call-control operations, not §2.4 features: the service decides.
  assert.equal(localRefusal(e2ee, "hold", undefined, () => undefined, true), null);
});

test("localRefusal() refuses escalating an E2EE call from a standard one, naming the E2EE call (F8)", () => {
  const e2ee = call("relay");
  const std = call("processor");
  const find = (id: string) => (id === e2ee.callId ? e2ee : undefined);
  for (const args of [{ otherCallId: e2ee.callId }, { consultCallId: e2ee.callId }]) {
    const r = localRefusal(std, "merge", args, find, false);
    assert.equal(r?.code, "FEATURE_DISABLED_E2EE");
    assert.match(r!.message, new RegExp(e2ee.callId));
  }
  assert.equal(
    localRefusal(std, "merge", { otherCallId: "unknown" }, find, false),
    null,
    "an unknown call is for the service to judge",
  );
});

test("localRefusal() refuses ringing features for an E2EE invite only when this side would accept E2EE", () => {
  const ringing = call(null, { role: "callee", state: "ringing" });
  assert.equal(
    localRefusal(ringing, "voicemail", undefined, () => undefined, true),
    null,
    "no commitment: a standard invite",
  );
  ringing.commit = new Uint8Array(32);
  assert.equal(localRefusal(ringing, "voicemail", undefined, () => undefined, true)?.code, "FEATURE_DISABLED_E2EE");
  assert.equal(
    localRefusal(ringing, "simultaneous-ring", { to: "carol" }, () => undefined, false),
    null,
    "not eligible here: standard",
  );
});
