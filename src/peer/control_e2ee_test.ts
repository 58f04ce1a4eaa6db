import { test } from "node:test";
import assert from "node:assert/strict";
import { FEATURES } from "../protocol/mod.ts";
import { controlScenario } from "./_testing/control_scenario.ts";

test(
  "In a real E2EE call every feature is absent and refused by the peer and by the service, and nothing changes (F1–F10)",
  {
    timeout: 90000,
  },
  async () => {
    const j = await controlScenario("control_e2ee");

    const x = j.refusals;
    assert.ok(x.setup, "an E2EE call with media in both directions");
    for (const who of ["alice", "bob"]) {
      assert.deepEqual(x.before[who].features, [], `${who}: nothing offered under E2EE`);
      assert.equal(x.before[who].topology, "relay");
    }
    for (const f of FEATURES) {
      assert.equal(x.client[f].error, "FEATURE_DISABLED_E2EE", `the peer refuses "${f}"`);
      assert.equal(x.service[f].error, "FEATURE_DISABLED_E2EE", `the service refuses "${f}"`);
    }
    assert.equal(x.calleeService.error, "FEATURE_DISABLED_E2EE", "the service refuses the callee too");
    assert.equal(x.hold.error, "BAD_STATE", "hold needs media at the processor");
    // F10: still E2EE, same number, indicator on, media flowing; no side effects anywhere.
    for (const who of ["alice", "bob"]) {
      const a = x.after[who];
      assert.equal(a.state, "connected");
      assert.equal(a.topology, "relay");
      assert.equal(a.e2ee.indicator, true);
      assert.equal(a.e2ee.number, x.before[who].e2ee.number);
      assert.equal(a.peer, x.before[who].peer);
    }
    assert.ok(x.mediaGoesOn, "media still flows after the refusals");
    assert.equal(x.bobEvents, 0, "no call-control event reached either party");
    assert.equal(x.carolIncoming, 0, "nobody was rung");
    assert.deepEqual(x.record, {
      topology: "relay",
      phase: "connected",
      active: [],
      refused: FEATURES.length + 1,
      left: [null, null],
    });

    // An E2EE invite: refused ringing features; no simultaneous ring, no voicemail; plain declined / no-answer.
    const i = j.invite;
    assert.equal(i.ringingClient.error, "FEATURE_DISABLED_E2EE");
    assert.equal(i.ringingService.error, "FEATURE_DISABLED_E2EE");
    assert.equal(i.ringingSim.error, "FEATURE_DISABLED_E2EE");
    assert.ok(i.declined);
    assert.equal(i.declinedState.endReason, "declined");
    assert.ok(i.noAnswer);
    assert.equal(i.noAnswerState.endReason, "no-answer");
    assert.equal(i.carolIncoming, 0, "the simultaneous-ring target never rang");
    assert.equal(i.mailbox, 0, "nothing went to voicemail");

    // After alice turns E2EE off: the next call is standard and offers all 13; the E2EE call cannot be escalated.
    const o = j.afterOff;
    assert.equal(o.settings.enabled, false);
    assert.equal(o.standard.topology, "processor");
    assert.deepEqual(o.standard.features, [...FEATURES]);
    assert.deepEqual(o.carolState.features, [...FEATURES]);
    for (const k of ["client", "service", "consultClient", "consultService"]) {
      assert.equal(o.merge[k].error, "FEATURE_DISABLED_E2EE", `escalation refused (${k})`);
    }
    for (const who of ["alice", "bob"]) {
      assert.equal(o.x[who].topology, "relay", "P5: the running call stays E2EE");
      assert.equal(o.x[who].e2ee.indicator, true);
      assert.equal(o.x[who].e2ee.number, x.before[who].e2ee.number);
    }
    assert.equal(
      o.xRefused,
      FEATURES.length + 3,
      "the service logged the two escalation attempts against the E2EE call",
    );
  },
);
