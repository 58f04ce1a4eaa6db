import { test } from "node:test";
import assert from "node:assert/strict";
import { controlScenario } from "./_testing/control_scenario.ts";

test(
  "ReferencePeer transfers (F4): blind, consult after hold, and safe with ring-back each leave real media between the right parties",
  {
    timeout: 90000,
  },
  async () => {
    const j = await controlScenario("transfer");
    assert.equal(j.setup.ok, true, "alice and bob heard each other before the transfer");

    // Blind: carol rings (placed by the service for bob, via alice's transfer); bob and carol hear each other; alice left.
    const b = j.blind;
    assert.deepEqual(b.result.result.transferring, "carol");
    assert.deepEqual(b.via, { feature: "transfer-blind", by: "alice" });
    assert.equal(b.carolFrom, "bob");
    assert.equal(b.alice.state, "ended");
    assert.equal(b.alice.endReason, "transferred");
    assert.equal(b.bob.state, "connected", "bob's call continues through the transfer");
    assert.equal(b.bob.peer, "carol", "bob's CallState names its new peer");
    assert.equal(b.carol.peer, "bob");
    assert.ok(b.bobHearsCarol, "bob hears carol after the transfer");
    assert.ok(b.carolHearsBob, "carol hears bob");
    assert.equal(b.bobHearsAliceAfter, false, "bob no longer hears alice");
    assert.deepEqual(b.bobEvents, ["transferring", "peer-changed"]);

    // Consult: bob held carol (carol told), talked to alice, completed: alice and carol hear each other; bob left both.
    const c = j.consult;
    assert.deepEqual(c.held, { ok: true, result: { held: true } });
    assert.ok(c.carolHeldEvent);
    assert.ok(c.consultConnected);
    assert.equal(c.result.result.to, "alice");
    assert.ok(c.bobEndedBoth);
    assert.equal(c.bobX.endReason, "transferred");
    assert.ok(c.aliceHearsCarol, "alice hears carol after the consult transfer");
    assert.ok(c.carolHearsAlice, "carol hears alice after the consult transfer");
    assert.equal(c.aliceZ.peer, "carol");
    assert.equal(c.carolY.peer, "alice");

    // Safe: bob rang and was not answered (no-answer), so carol was rung back and talks with alice again.
    const s = j.safe;
    assert.equal(s.result.result.timeoutMs, 1500);
    assert.ok(s.bobRung && s.bobRingEnded);
    assert.equal(s.bobRingReason, "no-answer");
    assert.ok(s.carolOldEnded, "carol left her call when she transferred it");
    assert.ok(s.ringBack, "carol was rung back");
    assert.equal(s.ringBackFrom, "alice");
    assert.ok(s.carolHearsAlice && s.aliceHearsCarol, "alice and carol hear each other after the ring-back");
    assert.equal(s.aliceZ.state, "connected");
    assert.equal(s.aliceZ.peer, "carol");
  },
);
