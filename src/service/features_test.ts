import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startService } from "./service.ts";
import type { RunningService } from "./service.ts";
import { newCallId, policyFixture, RawClient } from "./_testing/fixtures.ts";
import { FEATURES } from "../protocol/mod.ts";

const B64 = (n: number) => {
  const a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  return Array.from({ length: 43 }, (_, i) => a[(i * 7 + n) % 64]).join("").slice(0, 42) + "A";
};

describe("feature requests over real WebSockets (SPEC §2.4, §4.5 CC12)", { timeout: 60_000 }, () => {
  let svc: RunningService;
  const clients: RawClient[] = [];
  const connect = async (token: string, device?: string) => {
    const c = await RawClient.connect(svc.signalUrl, token, device);
    clients.push(c);
    return c;
  };
  /** A standard (or, with keys, relay) call between two raw clients, answered. */
  const call = async (a: RawClient, b: RawClient, to: string, e2ee = false) => {
    const callId = newCallId();
    a.send({ type: "invite", rid: "i", callId, to, ...(e2ee ? { e2ee: { commit: B64(1), versions: [3] } } : {}) });
    await b.next((m) => m.type === "incoming" && m.callId === callId);
    b.send({ type: "accept", callId, ...(e2ee ? { e2ee: { pk: B64(2), fp: B64(4), version: 3 } } : {}) });
    await a.next((m) => m.type === "accepted" && m.callId === callId);
    await b.next((m) => m.type === "accepted" && m.callId === callId);
    return callId;
  };
  let seq = 0;
  /** Sends a feature request and resolves with the reply (result or error). */
  const ask = (c: RawClient, callId: string, feature: string, args?: Record<string, unknown>) => {
    const rid = `f${++seq}`;
    c.send({ type: "feature", rid, callId, feature, ...(args ? { args } : {}) });
    return c.next((m) => m.rid === rid);
  };
  /** What must not change when a request is refused. */
  const snapshot = (callId: string) => {
    const c = svc.hub.calls.get(callId);
    return JSON.stringify({
      phase: c.phase,
      caller: c.caller,
      callee: c.callee,
      topology: c.topology,
      active: c.features.active,
      log: c.log.filter((e) => e.event !== "feature-refused").length,
      live: svc.hub.calls.live().length,
    });
  };

  before(async () => {
    svc = await startService({ policy: policyFixture({ alice: true, bob: true }), noAnswerMs: 3000 });
    svc.store.createTenant("fabrikam");
    svc.store.createUser({ id: "dave", tenantId: "fabrikam" });
    svc.store.issueToken("dave", "dave-token");
  });
  after(async () => {
    for (const c of clients) c.close();
    await svc.close();
  });

  test("every feature in an E2EE call is refused by the service with FEATURE_DISABLED_E2EE and changes nothing (F1–F10)", async () => {
    const alice = await connect("alice-token");
    const bob = await connect("bob-token");
    const carol = await connect("carol-token");
    const callId = await call(alice, bob, "bob", true);
    assert.equal(svc.hub.calls.get(callId).topology, "relay");
    const before = snapshot(callId);
    for (const f of FEATURES) {
      const args = f === "merge"
        ? { otherCallId: callId }
        : f === "transfer-consult"
        ? { consultCallId: callId }
        : { to: "carol" };
      for (const who of [alice, bob]) {
        const r = await ask(who, callId, f, args);
        assert.equal(r.type, "error", `"${f}" answered ${JSON.stringify(r)}`);
        assert.equal(r.code, "FEATURE_DISABLED_E2EE", `"${f}"`);
      }
    }
    assert.equal(snapshot(callId), before, "the call is unchanged");
    assert.equal(svc.hub.calls.get(callId).features.refused, FEATURES.length * 2);
    assert.ok(!carol.received.some((m) => m.type === "incoming"), "nobody was rung");
    assert.ok(!bob.received.some((m) => m.type === "event" || m.type === "ended"), "bob saw no change");
    alice.send({ type: "hangup", callId });
    await bob.type("ended");
  });

  test("an E2EE invite is not rung to the simultaneous-ring target, refuses ringing features, and is declined plainly (CC11)", async () => {
    svc.hub.core.settings.set("bob", { voicemail: true, simultaneousRing: "carol" }, () => true);
    try {
      const alice = await connect("alice-token");
      const bob = await connect("bob-token");
      const carol = await connect("carol-token");
      const callId = newCallId();
      alice.send({ type: "invite", rid: "i", callId, to: "bob", e2ee: { commit: B64(3), versions: [3] } });
      await bob.next((m) => m.type === "incoming" && m.callId === callId);
      for (const f of ["voicemail", "simultaneous-ring"]) {
        const r = await ask(bob, callId, f, f === "simultaneous-ring" ? { to: "carol" } : undefined);
        assert.equal(r.code, "FEATURE_DISABLED_E2EE", f);
      }
      bob.send({ type: "decline", callId });
      const ended = await alice.next((m) => m.type === "ended" && m.callId === callId);
      assert.equal(ended.reason, "declined");
      assert.ok(!carol.received.some((m) => m.callId === callId), "carol never rang");
      assert.ok(!alice.received.some((m) => m.type === "accepted" && m.callId === callId), "no voicemail");
      assert.equal(svc.hub.calls.get(callId).voicemail, false);
      // The same invite without a commitment is standard: carol rings too.
      const std = newCallId();
      alice.send({ type: "invite", rid: "j", callId: std, to: "bob" });
      const inc = await carol.next((m) => m.type === "incoming" && m.callId === std);
      assert.deepEqual(inc.via, { feature: "simultaneous-ring", by: "bob" });
      alice.send({ type: "hangup", callId: std });
      await carol.next((m) => m.type === "cancelled" && m.callId === std);
    } finally {
      svc.hub.core.settings.set("bob", { voicemail: false, simultaneousRing: null }, () => true);
    }
  });

  test("bad feature input gets a stable code and changes nothing (CC12, S2)", async () => {
    const alice = await connect("alice-token");
    const bob = await connect("bob-token");
    const carol = await connect("carol-token");
    const callId = await call(alice, bob, "bob");
    const other = await call(carol, bob, "bob");
    const before = snapshot(callId);
    const cases: Array<[RawClient, string, string, Record<string, unknown> | undefined, string]> = [
      [alice, "no-such-call", "transfer-blind", { to: "carol" }, "CALL_NOT_FOUND"],
      [carol, callId, "park", undefined, "NOT_A_PARTY"],
      [alice, callId, "teleport", undefined, "FEATURE_UNKNOWN"],
      [alice, callId, "transfer-blind", undefined, "PROTO_INVALID"],
      [alice, callId, "transfer-blind", { to: 42 }, "PROTO_INVALID"],
      [alice, callId, "transfer-blind", { to: "mallory" }, "USER_NOT_FOUND"],
      [alice, callId, "transfer-blind", { to: "alice" }, "BAD_STATE"],
      [alice, callId, "transfer-blind", { to: "bob" }, "BAD_STATE"],
      [alice, callId, "transfer-safe", { to: "carol", timeoutMs: 5 }, "PROTO_INVALID"],
      [alice, callId, "transfer-blind", { to: "dave" }, "USER_UNAVAILABLE"],
      [alice, callId, "add-participant", { to: "mallory" }, "USER_NOT_FOUND"],
      [alice, callId, "add-participant", { to: "bob" }, "BAD_STATE"],
      [alice, callId, "transfer-consult", undefined, "PROTO_INVALID"],
      [alice, callId, "transfer-consult", { consultCallId: "nope" }, "CALL_NOT_FOUND"],
      [alice, callId, "transfer-consult", { consultCallId: other }, "NOT_A_PARTY"],
      [alice, callId, "transfer-consult", { consultCallId: callId }, "BAD_STATE"],
      [alice, callId, "merge", { otherCallId: other }, "NOT_A_PARTY"],
      [alice, callId, "park", { timeoutMs: "soon" }, "PROTO_INVALID"],
      [alice, callId, "companion", { device: "nope" }, "USER_UNAVAILABLE"],
      [alice, callId, "device-transfer", { device: 7 }, "PROTO_INVALID"],
      [alice, callId, "simultaneous-ring", { to: "carol" }, "BAD_STATE"],
      [alice, callId, "voicemail", { to: "mallory" }, "USER_NOT_FOUND"],
      [alice, callId, "resume", undefined, "BAD_STATE"],
    ];
    for (const [who, id, f, args, code] of cases) {
      const r = await ask(who, id, f, args);
      assert.equal(r.type, "error", `${f} ${JSON.stringify(args)}: ${JSON.stringify(r)}`);
      assert.equal(r.code, code, `${f} ${JSON.stringify(args)}: ${r.message}`);
    }
    assert.equal(snapshot(callId), before, "nothing changed");
    assert.ok(!bob.received.some((m) => m.type === "event"), "no event reached the other party");
    // Ringing calls: only the callee's voicemail and simultaneous-ring are valid; a caller's transfer is out of state.
    const ringing = newCallId();
    alice.send({ type: "invite", rid: "k", callId: ringing, to: "carol" });
    await carol.next((m) => m.type === "incoming" && m.callId === ringing);
    assert.equal((await ask(alice, ringing, "transfer-blind", { to: "bob" })).code, "BAD_STATE");
    assert.equal(
      (await ask(alice, ringing, "voicemail")).code,
      "BAD_STATE",
      "the caller cannot send its own call to voicemail",
    );
    assert.equal(
      (await ask(carol, ringing, "simultaneous-ring", { to: "alice" })).code,
      "BAD_STATE",
      "the caller is already in the call",
    );
    assert.equal((await ask(carol, ringing, "simultaneous-ring", { to: "mallory" })).code, "USER_NOT_FOUND");
    assert.equal(svc.hub.calls.get(ringing).phase, "inviting", "still ringing");
    alice.send({ type: "hangup", callId: ringing });
    // Retrieval: an unknown code, and a code parked in another tenant, are PARK_NOT_FOUND; no call is created.
    const parked = await ask(alice, callId, "park");
    assert.match((parked.result as { code: string }).code, /^[0-9]{6}$/);
    const dave = await connect("dave-token");
    const calls = svc.hub.calls.list().length;
    for (const [who, code] of [[dave, (parked.result as { code: string }).code], [carol, "999999x"]] as const) {
      const rid = `p${++seq}`;
      who.send({ type: "invite", rid, callId: newCallId(), to: `park:${code}` });
      assert.equal((await who.next((m) => m.rid === rid)).code, "PARK_NOT_FOUND");
    }
    assert.equal(svc.hub.calls.list().length, calls);
    // The parker left: it can no longer act in the call.
    assert.equal((await ask(alice, callId, "park")).code, "BAD_STATE");
    assert.equal(
      (await ask(bob, callId, "transfer-blind", { to: "carol" })).code,
      "BAD_STATE",
      "a park is in progress",
    );
  });
});
