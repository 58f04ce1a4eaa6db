/**
 * Child-process scenario for control_transfer_test.ts (SPEC §4.5 CC5–CC6, F4): in one service, with real media,
 * alice blind-transfers bob to carol; bob holds carol, consults alice and completes a consult transfer; carol
 * safe-transfers alice to bob, who does not answer, so carol is rung back. After each step the decoded digits show
 * who hears whom. Prints one JSON line.
 */
import { attempt, connect, hears, incomingCall, mark, record, scenario, stateOf, waitFor } from "./control_harness.ts";

await scenario(["alice", "bob", "carol"], {}, async (scene) => {
  const { alice, bob, carol } = scene.actors;
  // 1. alice → bob, then a blind transfer to carol.
  const x = await connect(alice!, bob!);
  record(scene, "setup", { ok: x.ok });
  const bobMark = mark(bob!, x.id);
  const r1 = await attempt(() => alice!.peer.requestFeature(x.id, "transfer-blind", { to: "carol" }));
  const y = await incomingCall(carol!, (e) => e.via?.feature === "transfer-blind");
  const blind = {
    result: r1,
    via: carol!.incoming.find((e) => e.callId === y)?.via ?? null,
    carolFrom: carol!.incoming.find((e) => e.callId === y)?.from ?? null,
    aliceEnded: await waitFor(() => stateOf(alice!, x.id)?.state === "ended"),
    bobHearsCarol: await hears(bob!, x.id, "carol", bobMark),
    carolHearsBob: y ? await hears(carol!, y, "bob") : false,
    bobHearsAliceAfter: false,
    alice: stateOf(alice!, x.id),
    bob: stateOf(bob!, x.id),
    carol: y ? stateOf(carol!, y) : null,
    bobEvents: bob!.events.map((e) => e.name),
  };
  blind.bobHearsAliceAfter = (bob!.peer.state(x.id).media.audio.digits.slice(bobMark)).includes("123A");
  record(scene, "blind", blind);

  // 2. bob holds carol, calls alice, completes a consult transfer: alice and carol are connected.
  const held = await attempt(() => bob!.peer.hold(x.id));
  const carolHeldEvent = await waitFor(() => carol!.events.some((e) => e.name === "held"), 3000);
  const z = await connect(bob!, alice!);
  const aliceMark = mark(alice!, z.calleeId);
  const carolMark = y ? mark(carol!, y) : 0;
  const r2 = await attempt(() => bob!.peer.requestFeature(x.id, "transfer-consult", { consultCallId: z.id }));
  const consult = {
    held,
    carolHeldEvent,
    consultConnected: z.ok,
    result: r2,
    bobEndedBoth: await waitFor(() => stateOf(bob!, x.id)?.state === "ended" && stateOf(bob!, z.id)?.state === "ended"),
    aliceHearsCarol: await hears(alice!, z.calleeId, "carol", aliceMark),
    carolHearsAlice: y ? await hears(carol!, y, "alice", carolMark) : false,
    bobX: stateOf(bob!, x.id),
    aliceZ: stateOf(alice!, z.calleeId),
    carolY: y ? stateOf(carol!, y) : null,
  };
  record(scene, "consult", consult);

  // 3. carol safe-transfers alice to bob, who lets it ring: carol is rung back and talks with alice again.
  bob!.answer = (e) => e.via?.feature !== "transfer-safe";
  const aliceMark2 = mark(alice!, z.calleeId);
  const r3 = y
    ? await attempt(() => carol!.peer.requestFeature(y, "transfer-safe", { to: "bob", timeoutMs: 1500 }))
    : null;
  const bobRung = await incomingCall(bob!, (e) => e.via?.feature === "transfer-safe");
  const back = await incomingCall(carol!, (e) => e.via?.feature === "transfer-safe", 10000);
  const safe = {
    result: r3,
    bobRung: bobRung !== null,
    bobRingEnded: bobRung ? await waitFor(() => stateOf(bob!, bobRung)?.state === "ended") : false,
    bobRingReason: bobRung ? stateOf(bob!, bobRung)?.endReason ?? null : null,
    carolOldEnded: y ? stateOf(carol!, y)?.state === "ended" : false,
    ringBack: back !== null,
    ringBackFrom: carol!.incoming.find((e) => e.callId === back)?.from ?? null,
    carolHearsAlice: back ? await hears(carol!, back, "alice") : false,
    aliceHearsCarol: await hears(alice!, z.calleeId, "carol", aliceMark2),
    aliceZ: stateOf(alice!, z.calleeId),
    aliceEvents: alice!.events.map((e) => e.name),
  };
  record(scene, "safe", safe);
});
