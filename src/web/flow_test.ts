/**
 * The web client's flow on `accepted` in the SFrame profile (SPEC §13.10, §13.11), against scripted service messages,
 * and its indicator and CallState (SPEC §7). Node: no PeerConnection is needed before the caller's offer leaves.
 * - an honest forwarder `accepted`: the caller checks the choice, derives, hands the base keys to the worker, and
 *   sends `reveal`, `confirm`, then its offer;
 * - a choice rewritten to dtls-srtp, a relay topology for an sframe choice, an sframe choice the caller never offered:
 *   E2EE_BAD_PROFILE and no `reveal` leaves; a callee that chose dtls-srtp ends a forwarder call the same way;
 * - the indicator needs a peer frame opened and turns off once none opened for PEER_FRAME_MS while frames drop;
 * - the mutants sframe-number-unbound and sframe-features-offered (./mutants.ts) against the clean client.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { ClientMessage, ServerMessage } from "../protocol/mod.ts";
import { call, indicatorOn, snapshot, type WebCall } from "./call.ts";
import * as e3 from "./e2ee.ts";
import { flow, type FlowHost } from "./flow.ts";
import * as hs from "./handshake.ts";
import { MUTANT_OFFERED_FEATURES, type WebMutantId } from "./mutants.ts";
import { SFRAME_OFFER, ZERO_FP } from "./profiles.ts";
import type { CallReport } from "./sframe_calls.ts";
import { PEER_FRAME_MS, type SFrameMedia } from "./sframe_media.ts";

function host(mutant: WebMutantId | null = null) {
  const sent: ClientMessage[] = [];
  const keyed: string[] = [];
  const keys = (_id: string, role: string) => keyed.push(role);
  const sframe = { keys, open: () => {}, mutant } as unknown as SFrameMedia;
  const h: FlowHost = {
    send: (m) => sent.push(m),
    changed: () => {},
    failClosed: () => {},
    log: () => {},
    speech: () => "123456",
    sframe,
  };
  return { h, sent, keyed };
}

/** A caller that invited with `profiles`, and the callee's honest accept fields. */
async function caller(profiles: WebCall["profiles"]) {
  const c = call({ callId: "c-1", role: "caller", peer: "bob", state: "ringing" });
  c.callerId = "alice";
  c.calleeId = "bob";
  c.profiles = profiles;
  c.localOffer = { type: "offer", sdp: `v=0\r\na=fingerprint:sha-256 ${Array(32).fill("AB").join(":")}\r\n` };
  await e3.inviteFields(c, c.localOffer.sdp);
  const b = await hs.generateKeyPair();
  return { c, pk: hs.b64uEncode(b.publicKey) };
}

const accepted = (topology: "relay" | "forwarder", e2ee: Record<string, unknown>) =>
  ({ type: "accepted", callId: "c-1", topology, features: [], e2ee }) as unknown as ServerMessage;
const codeOf = async (p: Promise<unknown>) => p.then(() => "ok", (e) => (e as { code?: string }).code ?? String(e));
const ZERO = "A".repeat(43);

test("flow(): a forwarder accepted makes the caller derive, key the worker, reveal, confirm, then offer", async () => {
  const { c, pk } = await caller([...SFRAME_OFFER]);
  const { h, sent, keyed } = host();
  await flow(h, c, accepted("forwarder", { pk, fp: ZERO, version: 3, profile: "sframe" }));
  assert.deepEqual(sent.map((m) => m.type), ["reveal", "confirm", "sdp"]);
  assert.deepEqual(keyed, ["caller"], "SPEC §13.3: the base keys go to the worker once derived");
  assert.equal(c.topology, "forwarder");
  assert.equal(c.profile, "sframe");
  assert.equal(snapshot(c).profile, "sframe");
  assert.deepEqual(snapshot(c).sframe, { sealed: 0, opened: 0, dropped: { header: 0, kid: 0, replay: 0, auth: 0 } });
});

test("flow(): E2EE_BAD_PROFILE before any reveal for a rewritten or mismatched choice", async () => {
  const cases: [WebCall["profiles"], "relay" | "forwarder", string | undefined][] = [
    [[...SFRAME_OFFER], "forwarder", "dtls-srtp"], // an SFrame-first offer completes only as SFrame
    [[...SFRAME_OFFER], "forwarder", undefined], // absent means dtls-srtp
    [[...SFRAME_OFFER], "relay", "sframe"], // the topology does not match the choice
    [undefined, "forwarder", "sframe"], // never offered
    [["dtls-srtp", "sframe"], "forwarder", "dtls-srtp"], // a forwarder call for a dtls-srtp choice
  ];
  for (const [profiles, topology, profile] of cases) {
    const { c, pk } = await caller(profiles);
    const { h, sent } = host();
    const e2ee = { pk, fp: ZERO, version: 3, ...(profile ? { profile } : {}) };
    const what = JSON.stringify({ profiles, topology, profile });
    assert.equal(await codeOf(flow(h, c, accepted(topology, e2ee))), "E2EE_BAD_PROFILE", what);
    assert.deepEqual(sent, [], `${what}: nothing sent, no reveal`);
  }
  // control: the same caller with an honest choice reveals
  const { c, pk } = await caller(["dtls-srtp", "sframe"]);
  const { h, sent } = host();
  await flow(h, c, accepted("forwarder", { pk, fp: ZERO, version: 3, profile: "sframe" }));
  assert.equal(sent[0]?.type, "reveal");
});

test("flow(): a callee that chose dtls-srtp ends a forwarder call with E2EE_BAD_PROFILE", async () => {
  const c = call({ callId: "c-1", role: "callee", peer: "alice", state: "connecting" });
  c.keys = await hs.generateKeyPair();
  c.profile = "dtls-srtp";
  const { h, sent } = host();
  assert.equal(await codeOf(flow(h, c, accepted("forwarder", {}))), "E2EE_BAD_PROFILE");
  assert.deepEqual(sent, []);
});

test("flow() mutants: number-unbound changes the number, not the tags; features-offered offers all", async () => {
  for (const m of ["sframe-number-unbound", "sframe-features-offered", null] as const) {
    const { c, pk } = await caller([...SFRAME_OFFER]);
    const { h, sent } = host(m);
    await flow(h, c, accepted("forwarder", { pk, fp: ZERO, version: 3, profile: "sframe" }));
    assert.deepEqual(sent.map((x) => x.type), ["reveal", "confirm", "sdp"], `${m}: the call goes on`);
    const clean = await hs.derive("caller", c.keys!.privateKey, {
      callId: "c-1",
      callerId: "alice",
      calleeId: "bob",
      versions: c.versions!,
      version: 3,
      commit: c.commit!,
      pkA: c.keys!.publicKey,
      fpA: ZERO_FP,
      pkB: hs.b64uDecode(pk),
      fpB: ZERO_FP,
      profiles: [...SFRAME_OFFER],
      profile: "sframe",
    });
    assert.deepEqual(c.derived!.tagA, clean.tagA, `${m}: the tags bind the profiles`);
    assert.match(c.derived!.number, /^\d{20}$/);
    assert.equal(c.derived!.number === clean.number, m !== "sframe-number-unbound", `${m}: the number`);
    assert.deepEqual(
      c.features,
      m === "sframe-features-offered" ? [...MUTANT_OFFERED_FEATURES] : [],
      `${m}: the features`,
    );
  }
});

test("indicatorOn(): a forwarder call needs a peer frame opened and none failing for PEER_FRAME_MS", () => {
  const c = call({ callId: "c-1", role: "caller", peer: "bob", state: "connected" });
  c.topology = "forwarder";
  c.number = "01234567890123456789";
  c.pc = { connectionState: "connected" } as RTCPeerConnection;
  const report = (o: Partial<CallReport>): CallReport => ({
    type: "counters",
    callId: "c-1",
    sealed: 5,
    opened: 5,
    dropped: { header: 0, kid: 0, replay: 0, auth: 0 },
    lastOpenAt: 1000,
    lastDropAt: null,
    ...o,
  });
  assert.equal(indicatorOn(c, 1100), false, "no frame reported yet");
  c.sframe = report({ opened: 0, lastOpenAt: null });
  assert.equal(indicatorOn(c, 1100), false, "no peer frame opened");
  c.sframe = report({});
  assert.equal(indicatorOn(c, 1100), true);
  assert.equal(indicatorOn(c, 60_000), true, "no frames at all (the peer paused): stays on");
  c.sframe = report({ lastDropAt: 1000 + PEER_FRAME_MS - 10 });
  assert.equal(indicatorOn(c, 1000 + PEER_FRAME_MS - 5), true, "drops, but a frame opened recently");
  assert.equal(indicatorOn(c, 1000 + PEER_FRAME_MS + 5), false, "only drops since PEER_FRAME_MS: off");
  c.sframe = report({ lastOpenAt: 2000, lastDropAt: 1900 });
  assert.equal(indicatorOn(c, 2100), true, "frames open again: on");
  assert.equal(snapshot(c).e2ee.number, c.number);
  c.topology = "relay";
  c.sframe = undefined;
  assert.equal(indicatorOn(c), true, "a relay call does not look at SFrame frames");
});
