/**
 * The forwarder topology through the real service (SPEC §13.10, §13.11): two signaling clients over real WebSockets
 * place and accept an E2EE call that offers `["sframe","dtls-srtp"]` and chooses `sframe`; each side then offers on
 * its own forwarder leg from a real werift PeerConnection and sends RTP whose payloads are SFrame ciphertexts under its
 * KID (Opus whole, VP8 behind its payload descriptor and clear bytes, §13.7). The admin evidence shows the forwarded
 * packets, the tap's counts and CTRs, and the forwarder call closed after hangup. Controls: a side that sends its
 * frames in clear is counted as not SFrame; a `dtls-srtp` choice still gets the relay; a standard call is unchanged.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { sha256 } from "@noble/hashes/sha2.js";
import { profileContext, SFRAME_KID, sframeSenderKeys } from "../crypto/sframe/mod.ts";
import { mediaFrame, SFrameEndpoint, until } from "../forwarder/_testing/sframe_endpoint.ts";
import { AdminClient } from "./admin_client.ts";
import { startService } from "./service.ts";
import type { RunningService } from "./service.ts";
import { newCallId, policyFixture, type RawClient, rawClients, TEST_COMMIT } from "./_testing/fixtures.ts";

const KEYS = sframeSenderKeys(sha256(new TextEncoder().encode("service forward test")));
const PK = "pkpkpkpkpkpkpkpkpkpkpkpkpkpkpkpkpkpkpkpkpkA";
const TAG = "tgtgtgtgtgtgtgtgtgtgtgtgtgtgtgtgtgtgtgtgtgA";
/** SPEC §13.10: fingerprints in the SFrame profile are 32 zero bytes. */
const ZERO_FP = "A".repeat(43);
/** A VP8 key frame's first 10 bytes (P bit 0) and a delta frame's first 3 (P bit 1): clear on the wire (§13.7). */
const KEY_CLEAR = Uint8Array.of(0x50, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01);
const DELTA_CLEAR = Uint8Array.of(0x31, 0x05, 0x00);

const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, at), at += p.length;
  return out;
};

/**
 * Sends one side's media as the SFrame profile lays it into RTP (SPEC §13.4, §13.7): one CTR for both kinds; every
 * tenth video frame a key frame; every third one in two packets (a start and a continuation); descriptors with a
 * 7-bit or a 15-bit PictureID. `seal: false`: a faulty sender whose frames go out in clear.
 */
function mediaSender(ep: SFrameEndpoint, seal = true) {
  const ctx = profileContext(ep.role, KEYS);
  const kid = SFRAME_KID[ep.role];
  let audio = 0, packets = 0, frames = 0;
  return {
    audio() {
      const pt = mediaFrame(ep.role, "audio", audio);
      ep.sendPayload("audio", seal ? ctx.seal(kid, pt) : pt, audio++, true);
    },
    video() {
      const n = frames++;
      const clear = n % 10 === 0 ? KEY_CLEAR : DELTA_CLEAR;
      const pt = mediaFrame(ep.role, "video", n);
      const frame = cat(clear, seal ? ctx.seal(kid, pt, clear) : pt);
      const pid = n % 2 ? Uint8Array.of(0x90, 0x80, 0x80 | (n >> 8), n & 0xff) : Uint8Array.of(0x90, 0x80, n & 0x7f);
      if (n % 3 === 2) {
        ep.sendPayload("video", cat(pid, frame.subarray(0, 600)), packets++, false);
        ep.sendPayload("video", cat(Uint8Array.of(0x80, 0x00), frame.subarray(600)), packets++, true);
      } else ep.sendPayload("video", cat(pid, frame), packets++, true);
    },
  };
}

/** 50 audio and 30 video frames a second from each sender, for `ms`. */
async function pump(senders: ReturnType<typeof mediaSender>[], ms: number): Promise<void> {
  const start = Date.now();
  let a = 0, v = 0;
  while (Date.now() - start < ms) {
    const t = Date.now() - start;
    for (; a * 20 <= t; a++) for (const s of senders) s.audio();
    for (; v * 1000 / 30 <= t; v++) for (const s of senders) s.video();
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("the forwarder topology (SPEC §13.11)", { timeout: 60_000 }, () => {
  let svc: RunningService;
  let admin: AdminClient;
  const { connect, closeAll } = rawClients(() => svc.signalUrl);
  const endpoints: SFrameEndpoint[] = [];
  const of = (c: RawClient, type: string, callId: string) => c.next((m) => m.type === type && m.callId === callId);

  before(async () => {
    svc = await startService({ policy: policyFixture({ alice: true, bob: true }) });
    admin = new AdminClient(svc.adminUrl);
  });
  after(async () => {
    await Promise.all(endpoints.map((e) => e.close()));
    closeAll();
    await svc.close();
  });

  /** Places an E2EE call offering `profiles`, accepted with `profile`; resolves with both `accepted`. */
  async function place(profiles: string[] | null, profile: string | null) {
    const alice = await connect("alice-token");
    const bob = await connect("bob-token");
    const callId = newCallId();
    const offer = { commit: TEST_COMMIT, versions: [3], ...(profiles ? { profiles } : {}) };
    alice.send({ type: "invite", rid: "i", callId, to: "bob", e2ee: offer });
    const incoming = await of(bob, "incoming", callId);
    const choice = { pk: PK, fp: ZERO_FP, version: 3, ...(profile ? { profile } : {}) };
    bob.send({ type: "accept", callId, e2ee: choice });
    const toAlice = await of(alice, "accepted", callId);
    const toBob = await of(bob, "accepted", callId);
    return { alice, bob, callId, incoming, toAlice, toBob };
  }

  /** Offers from a werift endpoint on its forwarder leg and applies the service's answer (SPEC §13.11 legs). */
  async function join(c: RawClient, callId: string, role: "caller" | "callee"): Promise<SFrameEndpoint> {
    const ep = new SFrameEndpoint(role, KEYS);
    endpoints.push(ep);
    c.send({ type: "sdp", callId, description: { type: "offer", sdp: await ep.offer() } });
    const answer = (await of(c, "sdp", callId)).description as { type: string; sdp: string };
    assert.equal(answer.type, "answer");
    await ep.applyAnswer(answer.sdp);
    return ep;
  }

  /** Both endpoints joined and connected, with both forwarder legs. */
  async function connected(x: { alice: RawClient; bob: RawClient; callId: string }) {
    const [caller, callee] = await Promise.all([join(x.alice, x.callId, "caller"), join(x.bob, x.callId, "callee")]);
    await until(
      () => {
        const legs = svc.media.forwarder.call(x.callId).stats().legs;
        return [caller.pc.connectionState, callee.pc.connectionState, legs.caller.connection, legs.callee.connection]
          .every((s) => s === "connected");
      },
      15_000,
      "both endpoints and both forwarder legs to connect",
    );
    return { caller, callee };
  }

  test("an sframe choice gets the forwarder: legs answered, SFrame media both ways, evidence kept", async () => {
    const x = await place(["sframe", "dtls-srtp"], "sframe");
    // SPEC §13.10: the offer reaches the callee and the choice the caller exactly as sent
    assert.deepEqual(x.incoming.e2ee, { commit: TEST_COMMIT, versions: [3], profiles: ["sframe", "dtls-srtp"] });
    assert.deepEqual(x.toAlice.e2ee, { pk: PK, fp: ZERO_FP, version: 3, profile: "sframe" });
    // SPEC §13.11 (routing): forwarder to both, no features, no relay allocation
    for (const a of [x.toAlice, x.toBob]) assert.deepEqual([a.topology, a.features], ["forwarder", []]);
    assert.equal(x.toBob.e2ee, undefined);
    // reveal and confirm pass as in a relay call
    x.alice.send({ type: "reveal", callId: x.callId, pk: PK });
    assert.equal((await of(x.bob, "reveal", x.callId)).pk, PK);
    x.alice.send({ type: "confirm", callId: x.callId, tag: TAG });
    assert.equal((await of(x.bob, "confirm", x.callId)).tag, TAG);
    x.bob.send({ type: "confirm", callId: x.callId, tag: TEST_COMMIT });
    assert.equal((await of(x.alice, "confirm", x.callId)).tag, TEST_COMMIT);
    // SPEC §2.4: no feature in an E2EE call
    x.alice.send({ type: "feature", rid: "f", callId: x.callId, feature: "recording" });
    assert.equal((await x.alice.type("error")).code, "FEATURE_DISABLED_E2EE");

    const { caller, callee } = await connected(x);
    await pump([mediaSender(caller), mediaSender(callee)], 1_000);
    await new Promise((r) => setTimeout(r, 300));
    // the forwarder carried the frames: each side opens the other's audio (its VP8 payloads are not whole frames)
    assert.ok(callee.count("audio") >= 35, `callee opened ${callee.count("audio")} audio frames of ~50`);
    assert.ok(caller.count("audio") >= 35, `caller opened ${caller.count("audio")} audio frames of ~50`);

    const live = await admin.call(x.callId);
    assert.equal(live.topology, "forwarder");
    // the call log holds the offer and the choice (SPEC §4.1, §13.10)
    const entry = (event: string) => live.log.find((e) => e.event === event)?.detail;
    assert.deepEqual(entry("invite")?.profiles, ["sframe", "dtls-srtp"]);
    assert.deepEqual([entry("topology")?.topology, entry("topology")?.profile], ["forwarder", "sframe"]);
    assert.ok(entry("forwarder-opened"));
    assert.deepEqual([live.evidence.relay, live.evidence.processor?.caller], [null, null], "no relay, no processor");
    const fw = live.evidence.forwarder!;
    assert.equal(fw.stats.state, "open");
    for (const dir of ["callerToCallee", "calleeToCaller"] as const) {
      const st = fw.stats[dir], tap = fw.tap[dir];
      assert.ok(st.audio.packets >= 35 && st.video.packets >= 25, `${dir}: ${JSON.stringify(st)}`);
      // SPEC §13.11 (evidence): every frame start parsed as SFrame under the sender's KID, the CTR going up from 0
      assert.equal(tap.kid, dir === "callerToCallee" ? "0" : "1");
      assert.equal(tap.notSframe, 0, `${dir}: ${JSON.stringify(tap.firstFault)}`);
      assert.equal(tap.sframe, tap.frameStarts.audio + tap.frameStarts.video);
      assert.ok(tap.frameStarts.video >= 20 && tap.continuations >= 6, `${dir}: ${JSON.stringify(tap)}`);
      assert.equal(tap.packets.audio + tap.packets.video, st.forwarded.packets + st.dropped);
      assert.deepEqual([tap.ctr.first, tap.ctr.increasing], ["0", true]);
      assert.ok(BigInt(tap.ctr.last!) >= BigInt(tap.sframe - 1), "one CTR per frame, going up");
    }

    x.alice.send({ type: "hangup", callId: x.callId });
    await of(x.bob, "ended", x.callId);
    // SPEC §13.11: the forwarder call closes with the call; the evidence stays readable
    await until(() => !svc.media.forwarder.callIds.includes(x.callId), 5_000, "the forwarder call to close");
    const ended = (await admin.call(x.callId)).evidence.forwarder!;
    assert.equal(ended.stats.state, "closed");
    assert.deepEqual(ended.stats.legs.caller.connection, "closed");
    assert.ok(ended.tap.callerToCallee.sframe >= fw.tap.callerToCallee.sframe);
  });

  test("an sframe-* plan alters the packets toward the seeded side only (SPEC §8): kid-spoof → SFRAME_UNKNOWN_KID", async () => {
    await admin.adversary({ mode: "sframe-kid-spoof", seed: 3, caller: "alice" }); // odd seed: toward the callee
    const x = await place(["sframe", "dtls-srtp"], "sframe");
    const { caller, callee } = await connected(x);
    await pump([mediaSender(caller), mediaSender(callee)], 1_000);
    await new Promise((r) => setTimeout(r, 300));
    const rec = await admin.call(x.callId);
    const spoofed = rec.adversary!.actions.filter((a) => a.event === "sframe-kid-spoof").length;
    assert.ok(spoofed >= 3, `the mode acted ${spoofed} times`);
    // The test endpoints open every payload whole, so each side also drops the other's VP8 payloads (descriptor
    // first) alike; the audio frames the mode spoofed are the callee's only extra drops.
    const kid = (ep: SFrameEndpoint) => ep.drops["SFRAME_UNKNOWN_KID"] ?? 0;
    assert.equal(
      kid(callee) - kid(caller),
      spoofed,
      `drops: callee ${JSON.stringify(callee.drops)}, caller ${JSON.stringify(caller.drops)}`,
    );
    assert.ok(callee.count("audio") >= 30, "the call survives: the other frames open");
    assert.ok(caller.count("audio") >= 35, "the other direction is honest");
    x.alice.send({ type: "hangup", callId: x.callId });
    await of(x.bob, "ended", x.callId);
  });

  test("a side that sends its frames in clear is counted as not SFrame (the tap's control)", async () => {
    const x = await place(["sframe"], "sframe");
    const { caller, callee } = await connected(x);
    await pump([mediaSender(caller), mediaSender(callee, false)], 400);
    await new Promise((r) => setTimeout(r, 200));
    const tap = (await admin.call(x.callId)).evidence.forwarder!.tap;
    assert.ok(tap.callerToCallee.sframe > 0 && tap.callerToCallee.notSframe === 0);
    assert.equal(tap.calleeToCaller.sframe, 0);
    assert.ok(tap.calleeToCaller.notSframe >= 20, JSON.stringify(tap.calleeToCaller));
    assert.ok(tap.calleeToCaller.firstFault !== null);
    x.bob.send({ type: "hangup", callId: x.callId });
    await of(x.alice, "ended", x.callId);
  });

  test("a bad offer is PROTO_INVALID and an answer BAD_STATE; the leg still makes its exchange", async () => {
    const x = await place(["sframe", "dtls-srtp"], "sframe");
    x.alice.send({ type: "sdp", callId: x.callId, description: { type: "offer", sdp: "v=0\r\nnot an offer" } });
    assert.equal((await x.alice.type("error")).code, "PROTO_INVALID");
    x.bob.send({ type: "sdp", callId: x.callId, description: { type: "answer", sdp: "v=0\r\n" } });
    assert.equal((await x.bob.type("error")).code, "BAD_STATE");
    assert.equal(svc.media.forwarder.call(x.callId).stats().legs.caller.state, "new");
    const { caller } = await connected(x);
    // SPEC §13.9 (FW4): one exchange per leg; a second offer is refused and the call goes on
    x.alice.send({ type: "sdp", callId: x.callId, description: { type: "offer", sdp: await caller.offer() } });
    assert.equal((await x.alice.type("error")).code, "BAD_STATE");
    assert.equal(svc.media.forwarder.call(x.callId).stats().legs.caller.connection, "connected");
    x.alice.send({ type: "hangup", callId: x.callId });
    await of(x.bob, "ended", x.callId);
  });

  test("a dtls-srtp choice still gets the relay; a standard call gets the processor (unchanged)", async () => {
    const x = await place(["sframe", "dtls-srtp"], "dtls-srtp");
    assert.deepEqual([x.toAlice.topology, x.toBob.topology], ["relay", "relay"]);
    assert.equal((x.toAlice.e2ee as { profile?: string }).profile, "dtls-srtp");
    const rec = await admin.call(x.callId);
    assert.ok(rec.evidence.relay !== null, "a relay allocation");
    assert.equal(rec.evidence.forwarder, null);
    x.alice.send({ type: "hangup", callId: x.callId });
    await of(x.bob, "ended", x.callId);

    const y = await place(null, null);
    assert.deepEqual(y.incoming.e2ee, { commit: TEST_COMMIT, versions: [3] }, "no profiles when none were offered");
    assert.deepEqual(y.toAlice.e2ee, { pk: PK, fp: ZERO_FP, version: 3 });
    assert.equal(y.toAlice.topology, "relay");
    y.alice.send({ type: "hangup", callId: y.callId });
    await of(y.bob, "ended", y.callId);

    const alice = await connect("alice-token");
    const bob = await connect("bob-token");
    const callId = newCallId();
    alice.send({ type: "invite", rid: "s", callId, to: "bob" });
    assert.equal((await of(bob, "incoming", callId)).e2ee, undefined);
    bob.send({ type: "accept", callId });
    const std = await of(alice, "accepted", callId);
    assert.equal(std.topology, "processor");
    assert.ok((std.features as string[]).length > 0);
    assert.equal((await admin.call(callId)).evidence.forwarder, null);
    alice.send({ type: "hangup", callId });
    await of(bob, "ended", callId);
  });
});
