/**
 * SPEC §8 split, through the real service over real WebSockets: the media plane gives one party a standard call and
 * the other an E2EE leg it plays itself. Even seed: the caller is under mitm (its `accepted` carries the service's
 * `e2ee`, the callee's invite none). Odd seed: the callee is under mitm (a forged commitment, then the service's
 * reveal and the processor's offer right after `accepted`); the caller gets `processor` and no `e2ee`.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  base64urlDecode,
  base64urlEncode,
  commitment,
  fingerprintFromSdp,
  fingerprintToBytes,
  generateKeyPair,
} from "../crypto/mod.ts";
import { startService } from "./service.ts";
import type { RunningService } from "./service.ts";
import { newCallId, policyFixture, RawClient, rawClients, TEST_COMMIT } from "./_testing/fixtures.ts";

const COMMIT = TEST_COMMIT;
const FP = base64urlEncode(new Uint8Array(32).fill(0xb2));

describe("split: one party in a standard call, the other under mitm (SPEC §8)", { timeout: 30_000 }, () => {
  let svc: RunningService;
  const { connect, closeAll } = rawClients(() => svc.signalUrl);
  const pair = async (seed: number) => {
    svc.adversary.arm({ mode: "split", seed, caller: "alice" });
    return { alice: await connect("alice-token"), bob: await connect("bob-token"), callId: newCallId() };
  };
  const of = (c: RawClient, type: string, callId: string) => c.next((m) => m.type === type && m.callId === callId);

  before(async () => {
    // The processor's legs live in a worker process: node-webrtc crashes on a natural exit of the process it ran in.
    svc = await startService({ policy: policyFixture({ alice: true, bob: true }), processorWorkers: 1 });
  });
  after(async () => {
    closeAll();
    await svc.close();
  });

  test("even seed: the callee gets a standard call, the caller the service's key and certificate", async () => {
    const { alice, bob, callId } = await pair(2);
    alice.send({ type: "invite", rid: "i", callId, to: "bob", e2ee: { commit: COMMIT, versions: [3] } });
    const inc = await of(bob, "incoming", callId);
    assert.equal(inc.e2ee, undefined, "no commitment reaches the callee");
    bob.send({ type: "accept", callId });
    const toAlice = await of(alice, "accepted", callId);
    const toBob = await of(bob, "accepted", callId);
    assert.equal(toAlice.topology, "relay");
    const e2ee = toAlice.e2ee as { pk: string; fp: string; version: number };
    assert.equal(base64urlDecode(e2ee.pk).length, 32);
    assert.equal(base64urlDecode(e2ee.fp).length, 32, "the processor leg's fingerprint, as accept carries it");
    assert.equal(e2ee.version, 3);
    assert.deepEqual([toBob.topology, toBob.e2ee], ["processor", undefined]);
    assert.ok((toBob.features as string[]).length > 0, "a standard call offers its features");
    alice.send({ type: "reveal", callId, pk: base64urlEncode(generateKeyPair().publicKey) });
    alice.send({ type: "hangup", callId });
    await of(bob, "ended", callId);
    assert.ok(!bob.received.some((m) => m.type === "reveal"), "the callee never gets a reveal");
    assert.equal(svc.hub.calls.get(callId).topology, "relay");
  });

  test("odd seed: the caller gets a standard call; the callee a forged commitment, the reveal and the offer", async () => {
    const { alice, bob, callId } = await pair(3);
    alice.send({ type: "invite", rid: "i", callId, to: "bob", e2ee: { commit: COMMIT, versions: [3] } });
    const inc = await of(bob, "incoming", callId);
    const forged = (inc.e2ee as { commit: string }).commit;
    assert.notEqual(forged, COMMIT);
    bob.send({
      type: "accept",
      callId,
      e2ee: { pk: base64urlEncode(generateKeyPair().publicKey), fp: FP, version: 3 },
    });
    const toAlice = await of(alice, "accepted", callId);
    assert.deepEqual([toAlice.topology, toAlice.e2ee], ["processor", undefined]);
    assert.equal((await of(bob, "accepted", callId)).topology, "relay");
    const reveal = await of(bob, "reveal", callId);
    const offer = await of(bob, "sdp", callId);
    const sdp = offer.description as { type: string; sdp: string };
    assert.equal(sdp.type, "offer");
    // SPEC §5.2: the forged commitment binds the revealed key and the certificate of the offer that follows.
    const fp = fingerprintToBytes(fingerprintFromSdp(sdp.sdp));
    assert.equal(base64urlEncode(commitment(callId, [3], base64urlDecode(reveal.pk as string), fp)), forged);
    bob.send({ type: "hangup", callId });
    await of(alice, "ended", callId);
  });
});
