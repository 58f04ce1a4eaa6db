import { test } from "node:test";
import assert from "node:assert/strict";
import { controlScenario } from "./_testing/control_scenario.ts";

const everyoneHearsEveryone = (heard: Record<string, Record<string, boolean>>) => {
  for (const [listener, speakers] of Object.entries(heard)) {
    for (const [speaker, ok] of Object.entries(speakers)) assert.ok(ok, `${listener} hears ${speaker}`);
  }
};

test("ReferencePeer merge (F6), add participant (F8), companion and device transfer (F7) work with real media", {
  timeout: 90000,
}, async () => {
  const j = await controlScenario("group", 85000);

  // Merge: one group call; every party hears both others; alice's second call ended "merged"; members everywhere.
  const m = j.merge;
  assert.ok(m.setup);
  assert.deepEqual(m.result.result.members, ["alice", "bob", "carol"]);
  everyoneHearsEveryone(m.heard);
  assert.equal(m.during.aliceY.endReason, "merged");
  assert.deepEqual([...m.during.alice.members].sort(), ["bob", "carol"]);
  assert.deepEqual([...m.during.bob.members].sort(), ["alice", "carol"]);
  assert.deepEqual([...m.during.carol.members].sort(), ["alice", "bob"]);
  for (const s of [m.during.alice, m.during.bob, m.during.carol]) {
    assert.equal(s.topology, "processor", "a group call is never E2EE");
  }
  // alice leaves: bob and carol go on and still hear each other.
  assert.ok(m.stillUp);
  everyoneHearsEveryone(m.afterLeave);
  assert.deepEqual(m.bobAfter.members, ["carol"]);
  assert.equal(m.bobAfter.peer, "carol");

  // Add participant: carol rang (from alice, via add-participant), answered, and all three hear each other.
  const a = j.addParticipant;
  assert.ok(a.setup);
  assert.deepEqual(a.result.result, { inviting: "carol" });
  assert.deepEqual(a.incoming.via, { feature: "add-participant", by: "alice" });
  everyoneHearsEveryone(a.heard);
  assert.deepEqual([...a.alice.members].sort(), ["bob", "carol"]);
  assert.deepEqual([...a.carol.members].sort(), ["alice", "bob"]);

  // Companion: alice's second device hears bob; bob never hears it; alice and bob still hear each other.
  const c = j.companion;
  assert.ok(c.setup);
  assert.deepEqual(c.result.result, { ringing: ["alice2"] });
  assert.deepEqual(c.incoming.via, { feature: "companion", by: "alice" });
  assert.equal(c.incoming.from, "bob");
  assert.ok(c.alice2HearsBob, "the companion receives the call's media");
  assert.ok(c.aliceHearsBob && c.bobHearsAlice);
  assert.equal(c.bobHeardAlice2, false, "a companion is not heard");
  assert.equal(c.alice2HeardAlice, false, "a user's devices do not hear each other");
  assert.deepEqual(c.aliceEvents, ["companion-joined"]);

  // Device transfer: alice's first device left ("moved"); bob's call never ended and he now hears alice2.
  const d = j.deviceTransfer;
  assert.ok(d.setup);
  assert.deepEqual(d.incoming.via, { feature: "device-transfer", by: "alice" });
  assert.ok(d.aliceEnded);
  assert.equal(d.alice.endReason, "moved");
  assert.equal(d.bob.state, "connected");
  assert.equal(d.bob.peer, "alice");
  assert.ok(d.bobHearsAlice2, "bob hears alice's second device");
  assert.ok(d.alice2HearsBob);
  assert.ok(d.bobFramesGrew);
  assert.equal(d.noDevice.error, "USER_UNAVAILABLE", "bob has no other device");
});
