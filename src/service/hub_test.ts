import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startService } from "./service.ts";
import type { RunningService } from "./service.ts";
import { newCallId, policyFixture, RawClient } from "./_testing/fixtures.ts";

const B64 = (n: number) => {
  const a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  return Array.from({ length: 43 }, (_, i) => a[(i * 7 + n) % 64]).join("").slice(0, 42) + "A";
};

describe("signaling hub over real WebSockets", { timeout: 60_000 }, () => {
  let svc: RunningService;
  const clients: RawClient[] = [];
  const connect = async (token: string, device?: string, e2ee?: boolean, protocol?: number) => {
    const c = await RawClient.connect(svc.signalUrl, token, device, e2ee, protocol);
    clients.push(c);
    return c;
  };
  before(async () => {
    svc = await startService({ policy: policyFixture({ alice: true, bob: true }), noAnswerMs: 400 });
  });
  after(async () => {
    for (const c of clients) c.close();
    await svc.close();
  });

  test("auth with a wrong token answers AUTH_FAILED, closes, and registers nothing (S1)", async () => {
    const c = new RawClient(svc.signalUrl);
    await c.opened;
    c.send({ type: "auth", token: "nope", protocol: 1, capabilities: { e2ee: true } });
    const err = await c.type("error");
    assert.equal(err.code, "AUTH_FAILED");
    assert.equal(await c.closed, 4401);
    assert.equal(svc.hub.endpoints.all().filter((e) => e.userId === "nope").length, 0);
  });

  test("a message before auth answers AUTH_REQUIRED and the connection can still authenticate", async () => {
    const c = new RawClient(svc.signalUrl);
    clients.push(c);
    await c.opened;
    c.send({ type: "ping", rid: "r1" });
    const err = await c.type("error");
    assert.equal(err.code, "AUTH_REQUIRED");
    assert.equal(err.rid, "r1");
    c.send({ type: "auth", token: "carol-token", protocol: 1, capabilities: { e2ee: true } });
    const w = await c.type("welcome");
    assert.equal(w.userId, "carol");
  });

  test("malformed, oversized, unknown and ill-typed frames get stable codes and the service keeps running (S2)", async () => {
    const c = await connect("carol-token");
    const before = svc.hub.calls.list().length;
    c.send("{not json");
    assert.equal((await c.type("error")).code, "PROTO_PARSE");
    c.send(JSON.stringify({ type: "ping", rid: "x".repeat(70_000) }));
    assert.equal((await c.type("error")).code, "PROTO_TOO_LARGE");
    c.send({ type: "teleport", rid: "r2" });
    assert.equal((await c.type("error")).code, "PROTO_UNKNOWN_TYPE");
    c.send({ type: "invite", rid: "r3", callId: newCallId(), to: 42 });
    const inv = await c.type("error");
    assert.equal(inv.code, "PROTO_INVALID");
    assert.equal(inv.rid, "r3");
    assert.equal(svc.hub.calls.list().length, before, "no call was created");
    c.send({ type: "ping", rid: "r4" });
    assert.equal((await c.type("pong")).rid, "r4");
  });

  test("an invite rings every endpoint of the callee; answering on one cancels the others", async () => {
    const alice = await connect("alice-token");
    const bob1 = await connect("bob-token", "desk");
    const bob2 = await connect("bob-token", "phone");
    const callId = newCallId();
    alice.send({ type: "invite", rid: "i1", callId, to: "bob" });
    assert.equal((await alice.type("invited")).callId, callId);
    const [in1, in2] = await Promise.all([bob1.type("incoming"), bob2.type("incoming")]);
    assert.equal(in1.callId, callId);
    assert.equal(in2.from, "alice");
    assert.equal(in1.e2ee, undefined, "alice sent no commitment");
    bob2.send({ type: "ringing", callId });
    await alice.type("ringing");
    bob1.send({ type: "accept", callId });
    const acc = await alice.type("accepted");
    assert.equal(acc.topology, "processor");
    assert.ok((acc.features as string[]).includes("recording"));
    assert.equal((await bob2.type("cancelled")).reason, "answered-elsewhere");
    // bob2 is no longer a party once bob1 answered.
    bob2.send({ type: "hangup", callId });
    assert.equal((await bob2.type("error")).code, "NOT_A_PARTY");
    assert.equal(svc.hub.calls.get(callId).phase, "accepted");
    alice.send({ type: "hangup", callId });
    assert.equal((await bob1.type("ended")).reason, "hangup");
    const log = svc.hub.calls.get(callId).log.map((e) => e.event);
    for (const ev of ["invite", "ringing", "accepted", "topology", "ended"]) {
      assert.ok(log.includes(ev), `log has ${ev}: ${log}`);
    }
    assert.ok(
      log.every((_, i) => i === 0 || svc.hub.calls.get(callId).log[i]!.at >= svc.hub.calls.get(callId).log[i - 1]!.at),
    );
  });

  test("decline ends the call; a second decline is out of state and changes nothing", async () => {
    const alice = await connect("alice-token");
    const bob = await connect("bob-token");
    const callId = newCallId();
    alice.send({ type: "invite", rid: "i2", callId, to: "bob" });
    await bob.type("incoming");
    bob.send({ type: "decline", callId });
    const ended = await alice.type("ended");
    assert.equal(ended.reason, "declined");
    const logLen = svc.hub.calls.get(callId).log.length;
    bob.send({ type: "decline", callId });
    const err = await bob.type("error");
    assert.equal(err.code, "BAD_STATE");
    assert.equal(err.callId, callId);
    assert.equal(svc.hub.calls.get(callId).log.length, logLen);
  });

  test("an unanswered invite ends with no-answer after the ring timeout", async () => {
    const alice = await connect("alice-token");
    const bob = await connect("bob-token");
    const callId = newCallId();
    alice.send({ type: "invite", rid: "i3", callId, to: "bob" });
    await bob.type("incoming");
    assert.equal((await alice.next((m) => m.type === "ended" && m.callId === callId, 5000)).reason, "no-answer");
    assert.equal((await bob.next((m) => m.type === "cancelled" && m.callId === callId)).reason, "no-answer");
  });

  test("unknown calls, unknown users and a reused call id are refused", async () => {
    const alice = await connect("alice-token");
    alice.send({ type: "hangup", callId: "no-such-call" });
    assert.equal((await alice.type("error")).code, "CALL_NOT_FOUND");
    alice.send({ type: "invite", rid: "i4", callId: newCallId(), to: "mallory" });
    assert.equal((await alice.type("error")).code, "USER_NOT_FOUND");
    alice.send({ type: "invite", rid: "i5", callId: newCallId(), to: "alice" });
    assert.equal((await alice.type("error")).code, "BAD_STATE");
    const bob = await connect("bob-token");
    const callId = newCallId();
    alice.send({ type: "invite", rid: "i6", callId, to: "bob" });
    await alice.type("invited");
    alice.send({ type: "invite", rid: "i7", callId, to: "bob" });
    assert.equal((await alice.type("error")).code, "BAD_STATE");
    alice.send({ type: "hangup", callId });
    assert.equal((await bob.next((m) => m.type === "cancelled" && m.callId === callId)).reason, "cancelled");
  });

  test("a caller that disconnects ends its call", async () => {
    const alice = await connect("alice-token");
    const bob = await connect("bob-token");
    const callId = newCallId();
    alice.send({ type: "invite", rid: "i8", callId, to: "bob" });
    await bob.type("incoming");
    bob.send({ type: "accept", callId });
    await alice.type("accepted");
    alice.close();
    assert.equal((await bob.next((m) => m.type === "ended" && m.callId === callId)).reason, "disconnected");
  });

  test("both sides committed → relay topology; a feature request is refused and E2EE stays on (F1, F10)", async () => {
    const alice = await connect("alice-token");
    const bob = await connect("bob-token");
    const callId = newCallId();
    alice.send({ type: "invite", rid: "i9", callId, to: "bob", e2ee: { commit: B64(1), versions: [3] } });
    const inc = await bob.type("incoming");
    assert.deepEqual(inc.e2ee, { commit: B64(1), versions: [3] });
    bob.send({ type: "accept", callId, e2ee: { pk: B64(2), fp: B64(5), version: 3 } });
    const acc = await alice.type("accepted");
    assert.equal(acc.topology, "relay");
    assert.deepEqual(acc.e2ee, { pk: B64(2), fp: B64(5), version: 3 });
    assert.equal("confirm" in acc, false);
    assert.deepEqual(acc.features, []);
    const bobAcc = (await bob.next((m) => m.type === "accepted")) as Record<string, unknown>;
    assert.equal(bobAcc.e2ee, undefined);
    // SPEC §5.9: a confirm is forwarded in every relay call, nothing announces it
    alice.send({ type: "confirm", callId, tag: B64(6) });
    assert.deepEqual(await bob.type("confirm"), { type: "confirm", callId, tag: B64(6) });
    assert.ok(svc.hub.calls.get(callId).log.some((e) => e.event === "confirm-forwarded"));
    alice.send({ type: "feature", rid: "f1", callId, feature: "recording" });
    const err = await alice.type("error");
    assert.equal(err.code, "FEATURE_DISABLED_E2EE");
    const call = svc.hub.calls.get(callId);
    assert.equal(call.topology, "relay");
    assert.equal(call.phase, "accepted");
    assert.deepEqual(call.features.active, []);
    alice.send({ type: "hangup", callId });
    await bob.type("ended");
  });

  test("a commitment from a caller whose setting is off is not forwarded (P4, SPEC §4.2)", async () => {
    const carol = await connect("carol-token");
    const bob = await connect("bob-token");
    const callId = newCallId();
    carol.send({ type: "invite", rid: "i10", callId, to: "bob", e2ee: { commit: B64(3), versions: [3] } });
    const inc = await bob.type("incoming");
    assert.equal(inc.e2ee, undefined);
    assert.ok(svc.hub.calls.get(callId).log.some((e) => e.event === "commit-ignored"));
    bob.send({ type: "accept", callId, e2ee: { pk: B64(4), fp: B64(5), version: 3 } });
    assert.equal((await carol.type("accepted")).topology, "processor");
    // SPEC §5.9: no confirm in a standard call
    carol.send({ type: "confirm", callId, tag: B64(6) });
    assert.equal((await carol.type("error")).code, "BAD_STATE");
    carol.send({ type: "hangup", callId });
  });

  test("an endpoint that authenticated below protocol 3 is not E2EE-capable: a standard call (P4, SPEC §6)", async () => {
    for (const [callerProto, calleeProto] of [[2, 3], [3, 2], [1, 3]]) {
      const alice = await connect("alice-token", "old", true, callerProto);
      const bob = await connect("bob-token", "old", true, calleeProto);
      const callId = newCallId();
      alice.send({ type: "invite", rid: "i11", callId, to: "bob", e2ee: { commit: B64(3), versions: [3] } });
      const inc = await bob.type("incoming");
      assert.equal(inc.e2ee, undefined, `${callerProto}/${calleeProto}`);
      bob.send({ type: "accept", callId, e2ee: { pk: B64(4), fp: B64(5), version: 3 } });
      const acc = await alice.type("accepted");
      assert.equal(acc.topology, "processor");
      assert.equal(acc.e2ee, undefined);
      // the service logs why: the caller's commitment or the callee's key was ignored
      const log = svc.hub.calls.get(callId).log.map((e: { event: string }) => e.event);
      assert.ok(log.includes(callerProto < 3 ? "commit-ignored" : "pk-ignored"), log.join());
      alice.send({ type: "hangup", callId });
      await bob.type("ended");
    }
  });
});

describe("settings and persistence", { timeout: 30_000 }, () => {
  test("settings.set is refused under a disabled policy and changes nothing (P3)", async () => {
    const svc = await startService({ policy: policyFixture({}, "disabled") });
    try {
      const alice = await RawClient.connect(svc.signalUrl, "alice-token");
      alice.send({ type: "settings.set", rid: "s1", e2ee: true });
      assert.equal((await alice.type("error")).code, "POLICY_DISALLOWS");
      alice.send({ type: "settings.get", rid: "s2" });
      const st = await alice.type("settings");
      assert.deepEqual([st.visible, st.enabled, st.policy], [false, false, "disabled"]);
      alice.close();
    } finally {
      await svc.close();
    }
  });

  test("a setting change reaches the user's other devices and survives a restart with --state", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shieldcall-state-"));
    const statePath = join(dir, "state.json");
    try {
      let svc = await startService({ policy: policyFixture(), statePath });
      const a1 = await RawClient.connect(svc.signalUrl, "alice-token", "desk");
      const a2 = await RawClient.connect(svc.signalUrl, "alice-token", "phone");
      a1.send({ type: "settings.set", rid: "s3", e2ee: true });
      assert.equal((await a1.type("settings")).enabled, true);
      assert.equal((await a2.type("settings")).enabled, true);
      a1.close();
      a2.close();
      await svc.close();
      svc = await startService({ policy: policyFixture(), statePath });
      const a3 = await RawClient.connect(svc.signalUrl, "alice-token");
      a3.send({ type: "settings.get", rid: "s4" });
      assert.equal((await a3.type("settings")).enabled, true);
      a3.close();
      await svc.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
