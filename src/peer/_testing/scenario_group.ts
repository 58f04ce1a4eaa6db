/**
 * Child-process scenario for control_group_test.ts (SPEC §4.5 CC8–CC9; F6, F7, F8), real media throughout: alice
 * merges her calls with bob and carol into a group call, then leaves it; alice adds carol to a call with bob; alice's
 * second device joins a call as a companion; alice moves a call to her second device. Decoded digits show who hears
 * whom after each step. Prints one JSON line.
 */
import { attempt, connect, hears, incomingCall, mark, record, scenario, stateOf, waitFor } from "./control_harness.ts";
import { type Actor, SPEECH } from "./control_harness.ts";

await scenario(["alice", "bob", "carol", "alice2"], {}, async (scene) => {
  const { alice, bob, carol, alice2 } = scene.actors;

  /** Whether each listener (actor, call id, mark) hears each named speaker. */
  async function matrix(
    listeners: Array<[string, Actor, string, number]>,
    speakers: Record<string, string[]>,
    ms = 15000,
  ) {
    const out: Record<string, Record<string, boolean>> = {};
    await Promise.all(listeners.map(async ([name, a, id, from]) => {
      out[name] = {};
      await Promise.all(speakers[name]!.map(async (s) => {
        out[name]![s] = await hears(a, id, s, from, ms);
      }));
    }));
    return out;
  }

  // 1. Merge: alice has a call with bob and one with carol; she merges them.
  const x = await connect(alice!, bob!);
  const y = await connect(alice!, carol!);
  const marks = { alice: mark(alice!, x.id), bob: mark(bob!, x.id), carol: mark(carol!, y.calleeId) };
  const merged = await attempt(() => alice!.peer.requestFeature(x.id, "merge", { otherCallId: y.id }));
  const heard = await matrix([
    ["alice", alice!, x.id, marks.alice],
    ["bob", bob!, x.id, marks.bob],
    ["carol", carol!, y.calleeId, marks.carol],
  ], { alice: ["bob", "carol"], bob: ["alice", "carol"], carol: ["alice", "bob"] });
  const during = {
    alice: stateOf(alice!, x.id),
    aliceY: stateOf(alice!, y.id),
    bob: stateOf(bob!, x.id),
    carol: stateOf(carol!, y.calleeId),
  };
  // alice leaves; bob and carol go on as a 1:1 call.
  await alice!.peer.hangup(x.id);
  // The members update reaches bob as its own call.changed after alice's hang-up is processed: wait for it (bounded)
  // instead of reading bob's state at whatever moment the media checks below end.
  await waitFor(() => (stateOf(bob!, x.id)?.members ?? []).length === 1, 5000);
  const m2 = { bob: mark(bob!, x.id), carol: mark(carol!, y.calleeId) };
  const afterLeave = await matrix([["bob", bob!, x.id, m2.bob], ["carol", carol!, y.calleeId, m2.carol]], {
    bob: ["carol"],
    carol: ["bob"],
  });
  const stillUp = stateOf(bob!, x.id)?.state === "connected" && stateOf(carol!, y.calleeId)?.state === "connected";
  record(scene, "merge", {
    setup: x.ok && y.ok,
    result: merged,
    heard,
    during,
    afterLeave,
    stillUp,
    bobAfter: stateOf(bob!, x.id),
  });
  await bob!.peer.hangup(x.id);
  await waitFor(() => stateOf(carol!, y.calleeId)?.state === "ended", 3000);

  // 2. Add participant: alice and bob talk; alice adds carol.
  const z = await connect(alice!, bob!);
  const zm = { alice: mark(alice!, z.id), bob: mark(bob!, z.id) };
  const added = await attempt(() => alice!.peer.requestFeature(z.id, "add-participant", { to: "carol" }));
  const cz = await incomingCall(carol!, (e) => e.via?.feature === "add-participant");
  const heard2 = await matrix([
    ["alice", alice!, z.id, zm.alice],
    ["bob", bob!, z.id, zm.bob],
    ["carol", carol!, cz ?? "", 0],
  ], { alice: ["bob", "carol"], bob: ["alice", "carol"], carol: ["alice", "bob"] });
  record(scene, "addParticipant", {
    setup: z.ok,
    result: added,
    incoming: carol!.incoming.find((e) => e.callId === cz) ?? null,
    heard: heard2,
    alice: stateOf(alice!, z.id),
    bob: stateOf(bob!, z.id),
    carol: cz ? stateOf(carol!, cz) : null,
  });
  await alice!.peer.hangup(z.id);
  await bob!.peer.hangup(z.id);
  await waitFor(() => cz !== null && stateOf(carol!, cz)?.state === "ended", 3000);

  // 3. Companion: alice's second device joins alice's call with bob, listening.
  const c = await connect(alice!, bob!);
  const bm = mark(bob!, c.id);
  const comp = await attempt(() => alice!.peer.requestFeature(c.id, "companion"));
  const a2 = await incomingCall(alice2!, (e) => e.via?.feature === "companion");
  const companion = {
    setup: c.ok,
    result: comp,
    incoming: alice2!.incoming.find((e) => e.callId === a2) ?? null,
    alice2HearsBob: a2 ? await hears(alice2!, a2, "bob") : false,
    aliceHearsBob: await hears(alice!, c.id, "bob", mark(alice!, c.id)),
    bobHearsAlice: await hears(bob!, c.id, "alice", bm),
    bobHeardAlice2: false,
    alice2HeardAlice: false,
    aliceEvents: alice!.events.filter((e) => e.callId === c.id).map((e) => e.name),
  };
  await waitFor(() => false, 1500);
  companion.bobHeardAlice2 = (stateOf(bob!, c.id)?.media.audio.digits.slice(bm) ?? "").includes(SPEECH.alice2!);
  companion.alice2HeardAlice = a2 ? (stateOf(alice2!, a2)?.media.audio.digits ?? "").includes(SPEECH.alice!) : true;
  record(scene, "companion", companion);
  await alice!.peer.hangup(c.id);
  await waitFor(() => a2 !== null && stateOf(alice2!, a2)?.state === "ended", 3000);

  // 4. Device transfer: alice moves her call with bob to her second device.
  const d = await connect(alice!, bob!);
  const dm = mark(bob!, d.id);
  const framesBefore = stateOf(bob!, d.id)?.media.audio.framesReceived ?? 0;
  const moved = await attempt(() => alice!.peer.requestFeature(d.id, "device-transfer", { device: "alice2" }));
  const a3 = await incomingCall(alice2!, (e) => e.via?.feature === "device-transfer");
  record(scene, "deviceTransfer", {
    setup: d.ok,
    result: moved,
    incoming: alice2!.incoming.find((e) => e.callId === a3) ?? null,
    aliceEnded: await waitFor(() => stateOf(alice!, d.id)?.state === "ended"),
    alice: stateOf(alice!, d.id),
    bobHearsAlice2: await hears(bob!, d.id, "alice2", dm),
    alice2HearsBob: a3 ? await hears(alice2!, a3, "bob") : false,
    bob: stateOf(bob!, d.id),
    bobFramesGrew: (stateOf(bob!, d.id)?.media.audio.framesReceived ?? 0) > framesBefore,
    noDevice: await attempt(() => bob!.peer.requestFeature(d.id, "device-transfer")),
  });
});
