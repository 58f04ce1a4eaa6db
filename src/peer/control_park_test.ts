// deno-lint-ignore-file no-explicit-any -- tests reach into untyped driver replies
import { test } from "node:test";
import assert from "node:assert/strict";
import { controlScenario } from "./_testing/control_scenario.ts";

test("ReferencePeer park (F5), voicemail and simultaneous ring (F9) each work in real standard calls", {
  timeout: 90000,
}, async () => {
  const j = await controlScenario("park");

  // Park: a 6-digit code; alice left; carol retrieved bob with it; a wrong or used code is PARK_NOT_FOUND.
  const p = j.park;
  assert.ok(p.setup);
  assert.match(p.result.result.code, /^[0-9]{6}$/);
  assert.deepEqual(p.wrong.error, "PARK_NOT_FOUND");
  assert.equal(p.again.error, "PARK_NOT_FOUND", "a retrieved code is gone");
  assert.ok(p.aliceEnded);
  assert.equal(p.alice.endReason, "parked");
  assert.ok(p.bobEvents.includes("parked"));
  assert.ok(p.carolHearsBob && p.bobHearsCarol, "carol and bob hear each other after the retrieval");
  assert.equal(p.bob.state, "connected");
  assert.equal(p.bob.peer, "carol");
  assert.equal(p.carol.peer, "bob", "the retriever's peer is the parked party, not the park code");

  // Park timeout: nobody retrieved; carol was rung back (from bob, via park) and talks with bob again.
  const t = j.parkTimeout;
  assert.equal(t.result.result.timeoutMs, 1500);
  assert.ok(t.ringBack);
  assert.deepEqual(t.via, { feature: "park", by: "carol" });
  assert.equal(t.from, "bob");
  assert.ok(t.carolHearsBob && t.bobHearsCarol);

  // Voicemail by setting: carol declined; alice's call was answered by carol's voicemail; the WAV holds alice's digits.
  const v = j.voicemail;
  assert.ok(v.connected, "alice's call to carol's voicemail connected");
  assert.deepEqual(v.aliceEvents.map((e: any) => [e.name, e.data]), [["voicemail", {
    for: "carol",
    reason: "declined",
  }]]);
  assert.deepEqual(v.alice.features, [], "nothing is offered in a call to voicemail");
  assert.equal(v.carolCall.endReason, "declined");
  assert.equal(v.record.voicemail, true);
  assert.equal(v.record.topology, "processor");
  assert.equal(v.box.count, 1);
  assert.equal(v.box.message.for, "carol");
  assert.equal(v.box.message.from, "alice");
  assert.ok(v.box.message.samples > 16000, "at least a second of audio");
  assert.ok(v.box.wavHeard.includes("123A"), `the WAV file decodes to alice's digits: "${v.box.wavHeard}"`);
  assert.ok(!/[4-9BC]/.test(v.box.wavHeard), "only alice's digits are in her message");

  // Voicemail on request while ringing: bob's ringing call ended "forwarded"; alice's message is in bob's box.
  const w = j.voicemailRequest;
  assert.deepEqual(w.result.result, { voicemail: "bob" });
  assert.equal(w.bob.endReason, "forwarded");
  assert.equal(w.box.count, 1);
  assert.ok(w.box.wavHeard.includes("123A"));

  // Simultaneous ring by setting: carol was rung for bob and answered; bob's ringing was cancelled.
  const s = j.simRing;
  assert.ok(s.bobRang);
  assert.deepEqual(s.carolIncoming.via, { feature: "simultaneous-ring", by: "bob" });
  assert.equal(s.carolIncoming.from, "alice");
  assert.ok(s.carolHearsAlice && s.aliceHearsCarol);
  assert.ok(s.bobCancelled);
  assert.equal(s.bob.endReason, "answered-elsewhere");
  assert.equal(s.alice.peer, "carol", "the caller's peer is whoever answered");

  // Simultaneous ring on request while ringing.
  const q = j.simRingRequest;
  assert.deepEqual(q.result.result, { ringing: "carol" });
  assert.deepEqual(q.carolIncoming.via, { feature: "simultaneous-ring", by: "bob" });
  assert.ok(q.carolHearsAlice && q.aliceHearsCarol);
  assert.equal(q.alice.peer, "carol");
});
