/**
 * SPEC §2.4 F9, §4.5 CC10/CC11: the service never rings an E2EE invite to the callee's simultaneous-ring user and never
 * sends it to voicemail; unanswered it ends with `no-answer`, declined with `declined` (§4.1). The same invite without a
 * commitment rings the simultaneous-ring user and reaches voicemail, so each check can fail. Real WebSockets.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startService } from "./service.ts";
import type { RunningService } from "./service.ts";
import { newCallId, policyFixture, rawClients, TEST_COMMIT } from "./_testing/fixtures.ts";

const COMMIT = TEST_COMMIT;

describe("an E2EE invite is never rung elsewhere nor sent to voicemail (SPEC §2.4 F9)", { timeout: 30_000 }, () => {
  let svc: RunningService;
  const { connect, closeAll } = rawClients(() => svc.signalUrl);

  before(async () => {
    svc = await startService({ policy: policyFixture({ alice: true, bob: true }), noAnswerMs: 800 });
    svc.hub.core.settings.set("bob", { voicemail: true, simultaneousRing: "carol" }, () => true);
  });
  after(async () => {
    closeAll();
    await svc.close();
  });

  test("unanswered, it ends with no-answer: carol never rings and no voicemail is filed", async () => {
    const alice = await connect("alice-token");
    const bob = await connect("bob-token");
    const carol = await connect("carol-token");
    const callId = newCallId();
    alice.send({ type: "invite", rid: "i", callId, to: "bob", e2ee: { commit: COMMIT, versions: [3] } });
    const inc = await bob.next((m) => m.type === "incoming" && m.callId === callId);
    assert.deepEqual(inc.e2ee, { commit: COMMIT, versions: [3] }, "the commitment reached the callee");
    const ended = await alice.next((m) => m.type === "ended" && m.callId === callId);
    assert.equal(ended.reason, "no-answer");
    assert.ok(!carol.received.some((m) => m.callId === callId), "carol never rang");
    assert.ok(!alice.received.some((m) => m.type === "accepted" && m.callId === callId), "no voicemail answered");
    assert.equal(svc.hub.calls.get(callId).voicemail, false);
  });

  test("the same invite without a commitment rings carol and goes to voicemail (the checks above can fail)", async () => {
    const alice = await connect("alice-token");
    const bob = await connect("bob-token");
    const carol = await connect("carol-token");
    const callId = newCallId();
    alice.send({ type: "invite", rid: "j", callId, to: "bob" });
    await bob.next((m) => m.type === "incoming" && m.callId === callId);
    const inc = await carol.next((m) => m.type === "incoming" && m.callId === callId);
    assert.deepEqual(inc.via, { feature: "simultaneous-ring", by: "bob" });
    const accepted = await alice.next((m) => m.type === "accepted" && m.callId === callId);
    assert.equal(accepted.topology, "processor");
    assert.equal(svc.hub.calls.get(callId).voicemail, true);
    alice.send({ type: "hangup", callId });
    await alice.next((m) => m.type === "ended" && m.callId === callId).catch(() => null);
  });
});
