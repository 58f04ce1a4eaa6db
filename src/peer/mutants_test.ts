import { test } from "node:test";
import assert from "node:assert/strict";
import { type CalleeHandshakeOptions, commitment, fingerprintFromBytes, LOW_ORDER_PUBLIC_KEYS } from "../crypto/mod.ts";
import type { CallState } from "../protocol/mod.ts";
import { PeerCall } from "./call.ts";
import { findMutant, MUTANTS } from "./mutants.ts";
import { ReferencePeer } from "./peer.ts";
import { REFERENCE_STRATEGIES, strategiesFor } from "./strategies.ts";

// Mutants are PeerVariants (SPEC §12.7): these checks need no call; the kill run proves each is caught by a case.

const peer = () => new ReferencePeer({ serviceUrl: "ws://127.0.0.1:1/signal", token: "t" });
const strategiesOf = (id: string) => strategiesFor(peer(), findMutant(id)!.variant);
const opts = { callId: "c-1", callerId: "alice", calleeId: "bob" };
const honestState = (over: Partial<CallState> = {}): CallState => ({
  callId: "c-1",
  role: "callee",
  peer: "alice",
  state: "connected",
  topology: "relay",
  e2ee: { indicator: true, number: "01234567890123456789" },
  features: [],
  members: ["alice"],
  endReason: null,
  endCode: null,
  media: {
    audio: { framesReceived: 0, digits: "", carrier: false },
    video: { framesReceived: 0, decoded: 0, gaps: 0, maxGapMs: 0, latencyMs: null },
  },
  ...over,
});

test("MUTANTS have unique kebab-case ids, a clause, a description and hints, and findMutant() finds each", () => {
  assert.ok(MUTANTS.length >= 13);
  assert.equal(new Set(MUTANTS.map((m) => m.id)).size, MUTANTS.length);
  for (const m of MUTANTS) {
    assert.match(m.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.match(m.clause, /^§\d/);
    assert.ok(m.description.length > 10 && m.hints.length > 0, m.id);
    assert.equal(findMutant(m.id), m);
  }
  assert.equal(findMutant("no-such-mutant"), undefined);
});

test("every mutant replaces at least one strategy, and only strategies the peer has", () => {
  for (const m of MUTANTS) {
    const o = m.variant(peer());
    const keys = Object.keys(o);
    assert.ok(keys.length > 0, `${m.id} replaces nothing`);
    for (const k of keys) assert.ok(k in REFERENCE_STRATEGIES, `${m.id}: unknown strategy "${k}"`);
  }
});

test("strategiesFor() without a variant is the reference: fresh keys per call, honest views", () => {
  const s = strategiesFor(peer(), undefined);
  const call = new PeerCall({ callId: "c-1", role: "caller", peer: "bob", state: "inviting" });
  assert.notDeepEqual(s.handshakes.caller(call, opts).publicKey, s.handshakes.caller(call, opts).publicKey);
  const st = honestState();
  assert.equal(s.stateView(call, st), st);
  assert.deepEqual(s.settingsView({ visible: true, enabled: false }), { visible: true, enabled: false });
});

test("keys-reused: one public key for every handshake of a peer, in both roles", () => {
  const s = strategiesOf("keys-reused");
  const call = new PeerCall({ callId: "c-1", role: "caller", peer: "bob", state: "inviting" });
  const a = s.handshakes.caller(call, opts).publicKey;
  const b = s.handshakes.callee(call, { ...opts, commit: new Uint8Array(32), versions: [3] }).publicKey;
  assert.deepEqual(a, b);
});

test("commitment-not-checked and mismatch-falls-back take a reveal the reference refuses", () => {
  const call = new PeerCall({ callId: "c-1", role: "callee", peer: "alice", state: "connecting" });
  const fp = fingerprintFromBytes(new Uint8Array(32).fill(7));
  const fpB = fingerprintFromBytes(new Uint8Array(32).fill(8));
  const bogus = { ...opts, commit: new Uint8Array(32).fill(1), versions: [3] };
  const ref = REFERENCE_STRATEGIES.handshakes.callee(call, bogus);
  ref.accept(fpB);
  assert.throws(() => ref.onReveal(new Uint8Array(32).fill(9), fp), { code: "E2EE_COMMITMENT_MISMATCH" });
  const skip = strategiesOf("commitment-not-checked").handshakes.callee(call, bogus);
  skip.accept(fpB);
  assert.match(skip.onReveal(new Uint8Array(32).fill(9), fp).number, /^\d{20}$/);
  skip.checkFingerprint("callee", fpB);
  const fall = strategiesOf("mismatch-falls-back").handshakes.callee(call, bogus);
  call.calleeHs = fall;
  fall.accept(fpB);
  fall.onReveal(new Uint8Array(32).fill(9), fp);
  assert.equal(call.calleeHs, undefined, "the handshake is dropped: the call goes on with no number");
});

test("the callee mutants built on the shared wrappers take exactly the reveal their fault lets through", () => {
  const callee = () => new PeerCall({ callId: "c-1", role: "callee", peer: "alice", state: "connecting" });
  const fp = fingerprintFromBytes(new Uint8Array(32).fill(7));
  const fpB = fingerprintFromBytes(new Uint8Array(32).fill(8));
  const pk = new Uint8Array(32).fill(9);
  const bogus = { ...opts, commit: new Uint8Array(32).fill(1), versions: [3] };
  const start = (id: string, o: CalleeHandshakeOptions, call = callee()) => {
    const hs = strategiesOf(id).handshakes.callee(call, o);
    hs.accept(fpB);
    return hs;
  };
  // callee-low-order-accepted: a committed low-order key goes through, a commitment mismatch does not.
  const low = LOW_ORDER_PUBLIC_KEYS[0]!;
  const lowOpts = { ...opts, commit: commitment("c-1", [3], low, fp), versions: [3] };
  const ref = REFERENCE_STRATEGIES.handshakes.callee(callee(), lowOpts);
  ref.accept(fpB);
  assert.throws(() => ref.onReveal(low, fp), { code: "E2EE_LOW_ORDER_KEY" });
  assert.match(start("callee-low-order-accepted", lowOpts).onReveal(low, fp).number, /^\d{20}$/);
  assert.throws(() => start("callee-low-order-accepted", bogus).onReveal(pk, fp), { code: "E2EE_COMMITMENT_MISMATCH" });
  // answer-before-commitment: the mismatch waits for the fingerprint check that follows the answer.
  const late = start("answer-before-commitment", bogus);
  assert.match(late.onReveal(pk, fp).number, /^\d{20}$/);
  assert.throws(() => late.checkFingerprint("caller", fp), { code: "E2EE_COMMITMENT_MISMATCH" });
  // offer-first-unchecked: checked in the usual order, taken when the offer waited for the reveal.
  assert.throws(() => start("offer-first-unchecked", bogus).onReveal(pk, fp), { code: "E2EE_COMMITMENT_MISMATCH" });
  const reordered = callee();
  const first = start("offer-first-unchecked", bogus, reordered);
  reordered.topology = "relay";
  reordered.pendingOffer = { type: "offer", sdp: "v=0" };
  assert.match(first.onReveal(pk, fp).number, /^\d{20}$/);
});

test("nineteen-digit-number differs from every honest number, a leading 0 included (a kill must not be luck)", () => {
  const view = (number: string) => {
    const call = new PeerCall({ callId: "c-1", role: "callee", peer: "alice", state: "connected" });
    const shown = { ...honestState(), e2ee: { indicator: true, number } };
    return strategiesOf("nineteen-digit-number").stateView(call, shown).e2ee.number;
  };
  // One honest number in ten starts with 0; "0" + its last 19 digits would be the honest number itself.
  const honest = ["01234567890123456789", "00000000000000000001", "10000000000000000000", "99999999999999999999"];
  for (let i = 1; i <= 200; i++) honest.push(String((BigInt(i) * 7919n * 10n ** 15n + BigInt(i * i)) % 10n ** 20n));
  for (const number of honest.map((n) => n.padStart(20, "0"))) {
    const shown = view(number);
    assert.match(shown ?? "", /^\d{20}$/, `${number}: the mutant still shows 20 digits`);
    assert.notEqual(shown, number, `${number}: the mutant shows the honest number`);
  }
});

test("the view mutants change what the reference reports", () => {
  const call = new PeerCall({ callId: "c-1", role: "callee", peer: "alice", state: "connected" });
  call.topology = "relay";
  const shown = { ...honestState(), e2ee: { indicator: true, number: "91234567890123456789" } };
  const nineteen = strategiesOf("nineteen-digit-number").stateView(call, shown).e2ee.number;
  assert.equal(nineteen, "12345678901234567890", "20 digits (the §7 schema accepts them), only 19 of them carry n");
  assert.notEqual(
    strategiesOf("number-from-call-id").stateView(call, honestState()).e2ee.number,
    "01234567890123456789",
  );
  assert.ok(strategiesOf("transfer-offered-e2ee").stateView(call, honestState()).features.includes("transfer-blind"));
  assert.ok(strategiesOf("all-features-offered-e2ee").stateView(call, honestState()).features.includes("recording"));
  assert.deepEqual(strategiesOf("e2ee-on-by-default").settingsView({ visible: true, enabled: false }), {
    visible: true,
    enabled: true,
  });
  assert.deepEqual(strategiesOf("setting-visible-when-disabled").settingsView({ visible: false, enabled: false }), {
    visible: true,
    enabled: false,
  });
  assert.equal(
    strategiesOf("recording-allowed-e2ee").featureGuard(call, "recording", undefined, () => undefined, true),
    null,
  );
  assert.notEqual(REFERENCE_STRATEGIES.featureGuard(call, "recording", undefined, () => undefined, true), null);
});

test("the protocol-3 mutants replace the confirmation, media and fingerprint seams (SPEC §5.9, §6.1)", () => {
  assert.equal(strategiesOf("no-confirm-deadline").confirmDeadlineMs, null);
  assert.notEqual(REFERENCE_STRATEGIES.confirmDeadlineMs, null);
  const call = new PeerCall({ callId: "c-1", role: "caller", peer: "bob", state: "connected" });
  call.topology = "relay";
  assert.equal(REFERENCE_STRATEGIES.mediaAllowed(call), false, "the reference waits for the peer's tag");
  assert.equal(strategiesOf("media-before-confirm").mediaAllowed(call), true);
  assert.notEqual(REFERENCE_STRATEGIES.onSecondConfirm(call), null);
  assert.equal(strategiesOf("duplicate-confirm-ignored").onSecondConfirm(call), null);
  assert.throws(() => REFERENCE_STRATEGIES.answerFingerprintCheck(call, "AB"));
  strategiesOf("answer-fp-unchecked").answerFingerprintCheck(call, "AB");
});
