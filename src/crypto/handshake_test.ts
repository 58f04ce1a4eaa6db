import { test } from "node:test";
import assert from "node:assert/strict";
import { hexToBytes } from "@noble/hashes/utils.js";
import { seededBytes } from "./_testing/helpers.ts";
import { commitment } from "./commitment.ts";
import { ownConfirm, verifyPeerConfirm } from "./confirm.ts";
import { fingerprintFromBytes } from "./fingerprint.ts";
import { CalleeHandshake, CallerHandshake, deriveVerification, type Verification } from "./handshake.ts";
import { generateKeyPair, LOW_ORDER_PUBLIC_KEYS, publicKeyFromPrivate, sharedSecret } from "./keys.ts";
import { numberFromOkm } from "./number.ts";
import { keySchedule } from "./schedule.ts";
import { encodeTranscript, transcriptHash } from "./transcript.ts";
import { generateVectors } from "./vectors.ts";

const rnd = seededBytes("handshake");
const FP_A = fingerprintFromBytes(rnd(32));
const FP_B = fingerprintFromBytes(rnd(32));
const IDS = { callId: "call-7", callerId: "alice", calleeId: "bob" };

function run(opts: { skA?: Uint8Array; skB?: Uint8Array } = {}): { a: Verification; b: Verification } {
  const caller = new CallerHandshake({ ...IDS, privateKey: opts.skA });
  const commit = caller.commit(FP_A);
  const callee = new CalleeHandshake({ ...IDS, commit, versions: caller.versions, privateKey: opts.skB });
  const acc = callee.accept(FP_B);
  const a = caller.acceptReceived(acc.pk, acc.fp, acc.version);
  const b = callee.onReveal(caller.reveal(), FP_A);
  return { a, b };
}

test("CallerHandshake and CalleeHandshake derive the same number and confirm keys in an honest call", () => {
  const { a, b } = run();
  assert.match(a.number, /^[0-9]{20}$/);
  assert.equal(a.number, b.number);
  assert.deepEqual(a.confirmKeys, b.confirmKeys);
  // SPEC §5.9: each side verifies the other's tag
  verifyPeerConfirm("caller", a.confirmKeys, a.transcriptHash, ownConfirm("callee", b.confirmKeys, b.transcriptHash));
  verifyPeerConfirm("callee", b.confirmKeys, b.transcriptHash, ownConfirm("caller", a.confirmKeys, a.transcriptHash));
});

test("CallerHandshake uses fresh keys per call, so each call has its own number (V3)", () => {
  assert.notEqual(run().a.number, run().a.number);
});

test("CallerHandshake.reveal() before the accept throws BAD_STATE and changes nothing", () => {
  const caller = new CallerHandshake(IDS);
  caller.commit(FP_A);
  assert.throws(() => caller.reveal(), { code: "BAD_STATE" });
  assert.equal(caller.state, "committed");
  assert.equal(caller.verification, undefined);
});

test("CalleeHandshake.onReveal() before its accept throws BAD_STATE", () => {
  const caller = new CallerHandshake(IDS);
  const callee = new CalleeHandshake({ ...IDS, commit: caller.commit(FP_A), versions: [3] });
  assert.throws(() => callee.onReveal(caller.publicKey, FP_A), { code: "BAD_STATE" });
  assert.equal(callee.state, "new");
});

test("a finished handshake refuses further use with BAD_STATE", () => {
  const caller = new CallerHandshake(IDS);
  const callee = new CalleeHandshake({ ...IDS, commit: caller.commit(FP_A), versions: [3] });
  const acc = callee.accept(FP_B);
  caller.acceptReceived(acc.pk, acc.fp, acc.version);
  caller.reveal();
  assert.throws(() => caller.reveal(), { code: "BAD_STATE" });
  assert.throws(() => caller.acceptReceived(acc.pk, acc.fp, 3), { code: "BAD_STATE" });
});

test("CallerHandshake refuses a chosen version it did not offer, before the reveal (E2EE_BAD_VERSION)", () => {
  const caller = new CallerHandshake({ ...IDS, versions: [3] });
  caller.commit(FP_A);
  assert.throws(() => caller.acceptReceived(generateKeyPair().publicKey, FP_B, 2), { code: "E2EE_BAD_VERSION" });
  assert.equal(caller.state, "failed");
  assert.throws(() => caller.reveal(), { code: "BAD_STATE" });
});

test("CalleeHandshake chooses the highest offered version it speaks, and refuses when it speaks none", () => {
  const commit = new Uint8Array(32);
  assert.equal(new CalleeHandshake({ ...IDS, commit, versions: [1, 2, 3, 4] }).version, 3);
  assert.equal(new CalleeHandshake({ ...IDS, commit, versions: [3, 4], speaks: [3, 4] }).version, 4);
  assert.throws(() => new CalleeHandshake({ ...IDS, commit, versions: [1, 2] }), { code: "E2EE_BAD_VERSION" });
  assert.throws(() => new CalleeHandshake({ ...IDS, commit, versions: [3, 3] }), { code: "E2EE_BAD_INPUT" });
});

test("CalleeHandshake.onReveal() rejects a swapped key, fingerprint or rewritten versions and fails", () => {
  const caller = new CallerHandshake(IDS);
  const commit = caller.commit(FP_A);
  for (
    const [versions, pk, fp] of [[[3], generateKeyPair().publicKey, FP_A], [[3], caller.publicKey, FP_B], [
      [3, 4],
      caller.publicKey,
      FP_A,
    ]] as const
  ) {
    const callee = new CalleeHandshake({ ...IDS, commit, versions, speaks: [3] });
    callee.accept(FP_B);
    assert.throws(() => callee.onReveal(pk, fp), { code: "E2EE_COMMITMENT_MISMATCH" });
    assert.equal(callee.state, "failed");
    assert.equal(callee.verification, undefined);
  }
});

test("checkFingerprint(): a description with another fingerprint than the bound one is E2EE_FINGERPRINT_MISMATCH", () => {
  const caller = new CallerHandshake(IDS);
  const callee = new CalleeHandshake({ ...IDS, commit: caller.commit(FP_A), versions: [3] });
  const acc = callee.accept(FP_B);
  caller.acceptReceived(acc.pk, acc.fp, acc.version);
  caller.checkFingerprint("callee", FP_B.toLowerCase());
  caller.checkFingerprint("caller", FP_A);
  assert.throws(() => caller.checkFingerprint("callee", FP_A), { code: "E2EE_FINGERPRINT_MISMATCH" });
  assert.equal(caller.state, "failed");
  assert.throws(() => callee.checkFingerprint("callee", FP_A), { code: "E2EE_FINGERPRINT_MISMATCH" });
});

test("CallerHandshake rejects a low-order or wrong-length pkB at the accept, before any reveal", () => {
  for (const low of [LOW_ORDER_PUBLIC_KEYS[3]!, LOW_ORDER_PUBLIC_KEYS[10]!]) {
    const caller = new CallerHandshake(IDS);
    caller.commit(FP_A);
    assert.throws(() => caller.acceptReceived(low, FP_B, 3), { code: "E2EE_LOW_ORDER_KEY" });
    assert.equal(caller.state, "failed");
    assert.throws(() => caller.reveal(), { code: "BAD_STATE" });
  }
  const other = new CallerHandshake(IDS);
  other.commit(FP_A);
  assert.throws(() => other.acceptReceived(new Uint8Array(31), FP_B, 3), { code: "E2EE_BAD_KEY" });
  assert.equal(other.state, "failed");
});

test("CalleeHandshake rejects a malformed commitment, reveal key or fingerprint", () => {
  assert.throws(() => new CalleeHandshake({ ...IDS, commit: new Uint8Array(31), versions: [3] }), {
    code: "E2EE_BAD_INPUT",
  });
  const commit = new CallerHandshake(IDS).commit(FP_A);
  const accepted = () => {
    const h = new CalleeHandshake({ ...IDS, commit, versions: [3] });
    h.accept(FP_B);
    return h;
  };
  assert.throws(() => accepted().onReveal(new Uint8Array(33), FP_A), { code: "E2EE_BAD_KEY" });
  assert.throws(() => accepted().onReveal(new Uint8Array(32), "sha-256 AB"), { code: "E2EE_BAD_FINGERPRINT" });
  assert.throws(() => new CallerHandshake({ ...IDS, callerId: "\uD83D" }), { code: "E2EE_BAD_INPUT" });
});

test("an active MITM running two handshakes leaves the two ends with different numbers (V2)", () => {
  const fpM = fingerprintFromBytes(rnd(32));
  const caller = new CallerHandshake(IDS);
  const commitA = caller.commit(FP_A);
  const mAsCaller = new CallerHandshake(IDS); // the MITM towards the callee
  const commitM = mAsCaller.commit(fpM);
  const mAsCallee = new CalleeHandshake({ ...IDS, commit: commitA, versions: [3] }); // the MITM towards the caller
  const callee = new CalleeHandshake({ ...IDS, commit: commitM, versions: [3] });
  const accM = mAsCallee.accept(fpM), accB = callee.accept(FP_B);
  const a = caller.acceptReceived(accM.pk, accM.fp, 3);
  const mb = mAsCaller.acceptReceived(accB.pk, accB.fp, 3);
  const ma = mAsCallee.onReveal(caller.reveal(), FP_A);
  const b = callee.onReveal(mAsCaller.reveal(), fpM);
  assert.equal(a.number, ma.number);
  assert.equal(b.number, mb.number);
  assert.notEqual(a.number, b.number);
});

test("a callee that skips the commitment check accepts a swapped reveal; CalleeHandshake does not", () => {
  const caller = new CallerHandshake(IDS);
  const commit = caller.commit(FP_A);
  const attacker = generateKeyPair();
  const skB = generateKeyPair().privateKey;
  const v = { versions: [3], version: 3 };
  // broken variant: the same pipeline without checkCommitment (the libbzrtp CVE-2016-6271 bug)
  const brokenCallee = (pkA: Uint8Array) => {
    const t = encodeTranscript({ ...IDS, ...v, commit, pkA, fpA: FP_A, pkB: publicKeyFromPrivate(skB), fpB: FP_B });
    return numberFromOkm(keySchedule(sharedSecret(skB, pkA), transcriptHash(t)).okm);
  };
  assert.match(brokenCallee(attacker.publicKey), /^[0-9]{20}$/);
  const real = new CalleeHandshake({ ...IDS, commit, versions: [3], privateKey: skB });
  real.accept(FP_B);
  assert.throws(() => real.onReveal(attacker.publicKey, FP_A), { code: "E2EE_COMMITMENT_MISMATCH" });
  const input = { ...IDS, ...v, role: "callee" as const, privateKey: skB, commit, fpA: FP_A, fpB: FP_B };
  assert.throws(() => deriveVerification({ ...input, pkA: attacker.publicKey, pkB: real.publicKey }), {
    code: "E2EE_COMMITMENT_MISMATCH",
  });
});

test("deriveVerification() refuses a private key that is not behind its role's public key", () => {
  const a = generateKeyPair(), b = generateKeyPair();
  const commit = commitment(IDS.callId, [3], a.publicKey, FP_A);
  const input = { ...IDS, versions: [3], version: 3, commit, pkA: a.publicKey, fpA: FP_A, pkB: b.publicKey, fpB: FP_B };
  assert.throws(() => deriveVerification({ ...input, role: "caller", privateKey: b.privateKey }), RangeError);
  assert.throws(
    () => deriveVerification({ ...input, role: "nobody" as "caller", privateKey: a.privateKey }),
    TypeError,
  );
  assert.equal(
    deriveVerification({ ...input, role: "caller", privateKey: a.privateKey }).number,
    deriveVerification({ ...input, role: "callee", privateKey: b.privateKey }).number,
  );
});

test("the handshake classes reproduce every vector of generateVectors()", () => {
  for (const v of generateVectors().vectors) {
    const ids = { callId: v.inputs.callId, callerId: v.inputs.callerId, calleeId: v.inputs.calleeId };
    const fp = (h: string) => fingerprintFromBytes(hexToBytes(h));
    const runCaller = () => {
      const view = v.caller!;
      const h = new CallerHandshake({
        ...ids,
        versions: view.versions,
        profiles: view.profiles,
        privateKey: hexToBytes(v.inputs.callerPrivateKey!),
      });
      // SPEC §13.10: an sframe-first offer commits to the zero fingerprint whatever the offer carries
      const offerFp = view.profiles?.[0] === "sframe" ? fp(v.inputs.fpA) : fp(view.fpA!);
      assert.deepEqual(h.commit(offerFp), hexToBytes(view.commit));
      const r = h.acceptReceived(hexToBytes(view.pkB!), hexToBytes(view.fpB!), view.version, view.profile);
      h.reveal();
      return r.number;
    };
    const runCallee = () => {
      const view = v.callee!;
      const h = new CalleeHandshake({
        ...ids,
        commit: hexToBytes(view.commit),
        versions: view.versions,
        speaks: [view.version],
        profiles: view.profiles,
        implements: v.inputs.calleeImplements ?? [view.profile ?? "dtls-srtp"],
        // a callee that cannot choose its profile has no key in the vector (it stops in the constructor)
        privateKey: v.inputs.calleePrivateKey === undefined ? undefined : hexToBytes(v.inputs.calleePrivateKey),
      });
      h.accept(fp(view.fpB!));
      return h.onReveal(hexToBytes(view.pkA!), fp(view.fpA!)).number;
    };
    for (const [role, go] of [["caller", runCaller], ["callee", runCallee]] as const) {
      if (v[role] === undefined) continue;
      if (v.failingSide === role) assert.throws(go, { code: v.expectError }, v.name);
      else assert.equal(go(), v[role]!.number, `${v.name} ${role}`);
    }
  }
});
