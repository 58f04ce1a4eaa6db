/**
 * Child-process scenario for control_e2ee_test.ts (SPEC §2.4 F1–F10, §4.5 CC11) with real media: in an E2EE call
 * every feature is absent, refused by the reference peer without sending, and refused by the service when sent
 * anyway; nothing about the call changes. An E2EE invite is not rung to bob's simultaneous-ring target and does not go
 * to his voicemail. After alice turns E2EE off her next call offers every feature, and neither merge nor consult
 * transfer can pull the E2EE call in. Prints one JSON line.
 */
import { FEATURES } from "../../protocol/mod.ts";
import { AdminClient } from "../../service/mod.ts";
import { attempt, connect, hears, incomingCall, mark, record, scenario, stateOf, waitFor } from "./control_harness.ts";

await scenario(["alice", "bob", "carol"], { e2ee: true, service: { noAnswerMs: 2500 } }, async (scene) => {
  const { alice, bob, carol } = scene.actors;
  const admin = new AdminClient(scene.svc.adminUrl);

  /** Arguments that would be valid in a standard call, so a refusal is about E2EE only. */
  const ARGS: Record<string, Record<string, unknown>> = {
    "transfer-blind": { to: "carol" },
    "transfer-safe": { to: "carol" },
    "add-participant": { to: "carol" },
    "simultaneous-ring": { to: "carol" },
  };

  const x = await connect(alice!, bob!);
  const e2ee = await waitFor(() => !!stateOf(alice!, x.id)?.e2ee.indicator && !!stateOf(bob!, x.id)?.e2ee.indicator);
  const before = { alice: stateOf(alice!, x.id)!, bob: stateOf(bob!, x.id)! };
  const client: Record<string, unknown> = {};
  const service: Record<string, unknown> = {};
  for (const f of FEATURES) {
    client[f] = await attempt(() => alice!.peer.requestFeature(x.id, f, ARGS[f]));
    service[f] = await attempt(() => alice!.peer.requestFeatureUnchecked(x.id, f, ARGS[f]));
  }
  const calleeService = await attempt(() => bob!.peer.requestFeatureUnchecked(x.id, "park"));
  const hold = await attempt(() => alice!.peer.hold(x.id));
  const m = { alice: mark(alice!, x.id), bob: mark(bob!, x.id) };
  const rec = await admin.call(x.id);
  record(scene, "refusals", {
    setup: x.ok && e2ee,
    before,
    client,
    service,
    calleeService,
    hold,
    after: { alice: stateOf(alice!, x.id), bob: stateOf(bob!, x.id) },
    mediaGoesOn: (await hears(alice!, x.id, "bob", m.alice)) && (await hears(bob!, x.id, "alice", m.bob)),
    bobEvents: bob!.events.length + alice!.events.length,
    carolIncoming: carol!.incoming.length,
    record: {
      topology: rec.topology,
      phase: rec.phase,
      active: rec.features.active,
      refused: rec.features.refused,
      left: [rec.caller.left, rec.callee.left],
    },
  });

  // An E2EE invite: bob's settings would ring carol and send unanswered calls to voicemail; neither happens.
  await admin.callControl("bob", { voicemail: true, simultaneousRing: "carol" });
  bob!.answer = () => false;
  const d = await alice!.peer.place("bob");
  await incomingCall(bob!, (e) => e.callId === d);
  const ringingClient = await attempt(() => bob!.peer.requestFeature(d, "voicemail"));
  const ringingService = await attempt(() => bob!.peer.requestFeatureUnchecked(d, "voicemail"));
  const ringingSim = await attempt(() => bob!.peer.requestFeatureUnchecked(d, "simultaneous-ring", { to: "carol" }));
  await bob!.peer.decline(d);
  const declined = await waitFor(() => stateOf(alice!, d)?.state === "ended");
  const n = await alice!.peer.place("bob");
  const noAnswer = await waitFor(() => stateOf(alice!, n)?.state === "ended", 6000);
  record(scene, "invite", {
    ringingClient,
    ringingService,
    ringingSim,
    declined,
    declinedState: stateOf(alice!, d),
    noAnswer,
    noAnswerState: stateOf(alice!, n),
    carolIncoming: carol!.incoming.length,
    mailbox: (await admin.voicemails("bob")).length,
  });
  await admin.callControl("bob", { voicemail: false, simultaneousRing: null });
  bob!.answer = () => true;

  // F10: alice turns E2EE off; the E2EE call stays E2EE (P5); her next call is standard and offers every feature.
  const settings = await alice!.peer.setSettings(false);
  const y = await connect(alice!, carol!);
  const merge = {
    client: await attempt(() => alice!.peer.requestFeature(y.id, "merge", { otherCallId: x.id })),
    service: await attempt(() => alice!.peer.requestFeatureUnchecked(y.id, "merge", { otherCallId: x.id })),
    consultClient: await attempt(() => alice!.peer.requestFeature(y.id, "transfer-consult", { consultCallId: x.id })),
    consultService: await attempt(() =>
      alice!.peer.requestFeatureUnchecked(y.id, "transfer-consult", { consultCallId: x.id })
    ),
  };
  record(scene, "afterOff", {
    settings,
    standard: stateOf(alice!, y.id),
    carolState: stateOf(carol!, y.calleeId),
    merge,
    x: { alice: stateOf(alice!, x.id), bob: stateOf(bob!, x.id) },
    xRefused: (await admin.call(x.id)).features.refused,
  });
});
