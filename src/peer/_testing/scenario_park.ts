/**
 * Child-process scenario for control_park_test.ts (SPEC §4.5 CC7, CC10, CC11; F5, F9), real media throughout:
 * alice parks bob and carol retrieves him with the code; carol parks bob and nobody retrieves, so carol is rung back;
 * carol (voicemail on) declines alice, whose message is recorded for carol; bob sends a ringing call to voicemail;
 * bob's simultaneous-ring target carol answers alice's call to bob (by setting, then by request while ringing).
 * Prints one JSON line.
 */
import { readFileSync } from "node:fs";
import { SpeechDecoder } from "../../media/mod.ts";
import { parseWav } from "../../processor/mod.ts";
import { AdminClient } from "../../service/mod.ts";
import { attempt, connect, hears, incomingCall, mark, record, scenario, stateOf, waitFor } from "./control_harness.ts";

await scenario(["alice", "bob", "carol"], {}, async (scene) => {
  const { alice, bob, carol } = scene.actors;
  const admin = new AdminClient(scene.svc.adminUrl);

  /** Waits for `user`'s mailbox to hold `n` messages; returns the last with the digits decoded from its WAV file. */
  async function mailbox(user: string, n: number) {
    let list: Awaited<ReturnType<typeof admin.voicemails>> = [];
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && (list = await admin.voicemails(user)).length < n) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const last = list[n - 1];
    if (!last) return { count: list.length, message: null };
    const wav = parseWav(readFileSync(last.path));
    const dec = new SpeechDecoder(wav.sampleRate);
    dec.push(wav.samples);
    return { count: list.length, message: last, wavHeard: dec.heard, wavSeconds: wav.samples.length / wav.sampleRate };
  }

  // 1. alice parks bob; carol (same tenant) retrieves him with the pickup code.
  const x = await connect(alice!, bob!);
  const parked = await attempt(() => alice!.peer.requestFeature(x.id, "park"));
  const code = (parked as { result?: { code?: string } }).result?.code ?? "";
  const wrong = await attempt(() => carol!.peer.retrievePark(code === "000000" ? "000001" : "000000"));
  const bobMark = mark(bob!, x.id);
  const r = await attempt(() => carol!.peer.retrievePark(code));
  const rid = typeof r === "string" ? r : "";
  record(scene, "park", {
    setup: x.ok,
    result: parked,
    wrong,
    aliceEnded: await waitFor(() => stateOf(alice!, x.id)?.state === "ended"),
    bobEvents: bob!.events.map((e) => e.name),
    carolHearsBob: rid ? await hears(carol!, rid, "bob") : false,
    bobHearsCarol: await hears(bob!, x.id, "carol", bobMark),
    alice: stateOf(alice!, x.id),
    bob: stateOf(bob!, x.id),
    carol: rid ? stateOf(carol!, rid) : null,
    again: await attempt(() => alice!.peer.retrievePark(code)),
  });

  // 2. carol parks bob again; nobody retrieves: carol is rung back and talks with bob again.
  const bobMark2 = mark(bob!, x.id);
  const parked2 = await attempt(() => carol!.peer.requestFeature(rid, "park", { timeoutMs: 1500 }));
  const back = await incomingCall(carol!, (e) => e.via?.feature === "park", 10000);
  record(scene, "parkTimeout", {
    result: parked2,
    ringBack: back !== null,
    via: carol!.incoming.find((e) => e.callId === back)?.via ?? null,
    from: carol!.incoming.find((e) => e.callId === back)?.from ?? null,
    carolHearsBob: back ? await hears(carol!, back, "bob") : false,
    bobHearsCarol: await hears(bob!, x.id, "carol", bobMark2),
  });
  await bob!.peer.hangup(x.id);
  await waitFor(() => back !== null && stateOf(carol!, back)?.state === "ended", 3000);

  // 3. Voicemail by setting: carol declines alice; alice's message is recorded for carol.
  await admin.callControl("carol", { voicemail: true });
  carol!.answer = (e) => {
    void carol!.peer.decline(e.callId).catch(() => {});
    return false;
  };
  const v = await alice!.peer.place("carol");
  const vmConnected = await waitFor(() => stateOf(alice!, v)?.state === "connected", 8000);
  const recorded = await waitFor(() => false, 2600);
  const rec = await admin.call(v);
  await alice!.peer.hangup(v);
  record(scene, "voicemail", {
    connected: vmConnected,
    recorded,
    aliceEvents: alice!.events.filter((e) => e.callId === v),
    alice: stateOf(alice!, v),
    carolCall: carol!.peer.calls().find((c) => c.callId === v) ?? null,
    record: {
      voicemail: rec.voicemail,
      topology: rec.topology,
      processorHeard: (rec.evidence.processor as { caller?: { heard?: string } } | null)?.caller?.heard ?? "",
    },
    box: await mailbox("carol", 1),
  });
  await admin.callControl("carol", { voicemail: false });
  carol!.answer = () => true;

  // 4. Voicemail on request: bob, while his phone rings, sends alice's call to his voicemail.
  bob!.answer = () => false;
  const w = await alice!.peer.place("bob");
  await incomingCall(bob!, (e) => e.callId === w);
  const fwd = await attempt(() => bob!.peer.requestFeature(w, "voicemail"));
  await waitFor(() => stateOf(alice!, w)?.state === "connected", 8000);
  await waitFor(() => false, 2600);
  await alice!.peer.hangup(w);
  record(scene, "voicemailRequest", {
    result: fwd,
    bob: stateOf(bob!, w),
    alice: stateOf(alice!, w),
    box: await mailbox("bob", 1),
  });

  // 5. Simultaneous ring by setting: alice calls bob, bob lets it ring, carol answers.
  await admin.callControl("bob", { simultaneousRing: "carol" });
  const s = await alice!.peer.place("bob");
  await incomingCall(bob!, (e) => e.callId === s);
  const carolIn = await incomingCall(carol!, (e) => e.callId === s);
  record(scene, "simRing", {
    bobRang: bob!.incoming.some((e) => e.callId === s),
    carolIncoming: carolIn ? carol!.incoming.find((e) => e.callId === s) : null,
    carolHearsAlice: await hears(carol!, s, "alice"),
    aliceHearsCarol: await hears(alice!, s, "carol"),
    bobCancelled: await waitFor(() => stateOf(bob!, s)?.state === "ended"),
    bob: stateOf(bob!, s),
    alice: stateOf(alice!, s),
  });
  await alice!.peer.hangup(s);
  await admin.callControl("bob", { simultaneousRing: null });

  // 6. Simultaneous ring on request: bob, while ringing, has carol rung too; carol answers.
  const t = await alice!.peer.place("bob");
  await incomingCall(bob!, (e) => e.callId === t);
  const also = await attempt(() => bob!.peer.requestFeature(t, "simultaneous-ring", { to: "carol" }));
  record(scene, "simRingRequest", {
    result: also,
    carolIncoming: (await incomingCall(carol!, (e) => e.callId === t)) !== null
      ? carol!.incoming.find((e) => e.callId === t)
      : null,
    carolHearsAlice: await hears(carol!, t, "alice"),
    aliceHearsCarol: await hears(alice!, t, "carol"),
    alice: stateOf(alice!, t),
  });
});
