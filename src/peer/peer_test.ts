import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { isShieldCallError } from "../errors.ts";
import { startService } from "../service/mod.ts";
import type { RunningService } from "../service/mod.ts";
import { policyFixture } from "../service/_testing/fixtures.ts";
import { ReferencePeer } from "./peer.ts";
import { randomCallId } from "./ids.ts";

// Signaling-only tests: no call is placed here, so no PeerConnection exists in this process (calls run in
// child processes, see call_test.ts).

const rejectsWith = async (p: Promise<unknown>, code: string) =>
  await assert.rejects(p, (e: unknown) => isShieldCallError(e) && e.code === code);

describe("ReferencePeer signaling", { timeout: 30000 }, () => {
  let svc: RunningService;
  let locked: RunningService;
  const peers: ReferencePeer[] = [];
  const peer = (token: string, url = svc.signalUrl) => {
    const p = new ReferencePeer({ serviceUrl: url, token, requestTimeoutMs: 3000 });
    peers.push(p);
    return p;
  };
  before(async () => {
    svc = await startService({ policy: policyFixture({ alice: false, bob: true }) });
    locked = await startService({ policy: policyFixture({}, "disabled") });
  });
  after(async () => {
    for (const p of peers) await p.close();
    await svc.close();
    await locked.close();
  });

  test(
    "ReferencePeer.connect() resolves with the welcome and reports the user's setting",
    { timeout: 10000 },
    async () => {
      const alice = peer("alice-token");
      const w = await alice.connect();
      assert.equal(w.userId, "alice");
      assert.equal(alice.userId, "alice");
      assert.equal(typeof w.endpointId, "string");
      assert.deepEqual(w.settings, { visible: true, enabled: false });
      assert.deepEqual(await alice.getSettings(), { visible: true, enabled: false });
    },
  );

  test("ReferencePeer.connect() rejects a wrong token with AUTH_FAILED", { timeout: 10000 }, async () => {
    await rejectsWith(peer("nobody-token").connect(), "AUTH_FAILED");
  });

  test("ReferencePeer.connect() rejects an unreachable service", { timeout: 10000 }, async () => {
    await rejectsWith(peer("alice-token", "ws://127.0.0.1:1/signal").connect(), "INTERNAL");
  });

  test(
    "ReferencePeer.setSettings() turns E2EE on and off where the policy is userControlled",
    { timeout: 10000 },
    async () => {
      const bob = peer("bob-token");
      await bob.connect();
      assert.deepEqual(await bob.setSettings(false), { visible: true, enabled: false });
      assert.deepEqual(await bob.getSettings(), { visible: true, enabled: false });
      assert.deepEqual(await bob.setSettings(true), { visible: true, enabled: true });
    },
  );

  test(
    "ReferencePeer.setSettings() rejects with POLICY_DISALLOWS where the policy is disabled",
    { timeout: 10000 },
    async () => {
      const carol = peer("carol-token", locked.signalUrl);
      const w = await carol.connect();
      assert.deepEqual(w.settings, { visible: false, enabled: false });
      await rejectsWith(carol.setSettings(true), "POLICY_DISALLOWS");
      assert.deepEqual(await carol.getSettings(), { visible: false, enabled: false });
    },
  );

  test("ReferencePeer rejects unknown calls with CALL_NOT_FOUND and use before connect with AUTH_REQUIRED", {
    timeout: 10000,
  }, async () => {
    const fresh = peer("alice-token");
    await rejectsWith(fresh.place("bob"), "AUTH_REQUIRED");
    await fresh.connect();
    assert.throws(() => fresh.state("nope"), (e: unknown) => isShieldCallError(e, "CALL_NOT_FOUND"));
    await rejectsWith(fresh.hangup("nope"), "CALL_NOT_FOUND");
    await rejectsWith(fresh.answer("nope"), "CALL_NOT_FOUND");
    await rejectsWith(fresh.requestFeature("nope", "recording"), "CALL_NOT_FOUND");
    assert.deepEqual(fresh.calls(), []);
  });

  test("ReferencePeer.close() is idempotent and a closed peer refuses to place calls", { timeout: 10000 }, async () => {
    const p = peer("alice-token");
    await p.connect();
    await p.close();
    await p.close();
    await rejectsWith(p.place("bob"), "BAD_STATE");
    await rejectsWith(p.getSettings(), "INTERNAL");
  });
});

describe("ReferencePeer helpers", () => {
  test("ReferencePeer rejects speech outside the DTMF alphabet and a missing url or token", () => {
    assert.throws(() => new ReferencePeer({ serviceUrl: "ws://x/signal", token: "t", speech: "12x" }), RangeError);
    assert.throws(() => new ReferencePeer({ serviceUrl: "ws://x/signal", token: "t", speech: "" }), RangeError);
    assert.throws(() => new ReferencePeer({ token: "t" } as never), TypeError);
    assert.equal(new ReferencePeer({ serviceUrl: "ws://x/signal", token: "t", speech: "12#" }).speech, "12#");
  });

  test("randomCallId() returns 22 base64url characters, fresh each time", () => {
    const a = randomCallId();
    assert.match(a, /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(randomCallId(), a);
  });
});
