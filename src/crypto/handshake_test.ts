import { test } from "node:test";
import assert from "node:assert/strict";
import { hexToBytes } from "@noble/hashes/utils.js";
import { seededBytes } from "./_testing/helpers.ts";
import { commitment } from "./commitment.ts";
import { fingerprintFromBytes } from "./fingerprint.ts";
import { CalleeHandshake, CallerHandshake, deriveVerification, type Verification } from "./handshake.ts";
import { generateKeyPair, LOW_ORDER_PUBLIC_KEYS, publicKeyFromPrivate, sharedSecret } from "./keys.ts";
import { formatNumber, numberFromOkm } from "./number.ts";
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
  const callee = new CalleeHandshake({ ...IDS, commit, privateKey: opts.skB });
  caller.acceptReceived(callee.publicKey);
  callee.onReveal(caller.reveal(), FP_A);
  return {
    a: caller.finish({ localFingerprint: FP_A, remoteFingerprint: FP_B }),
    b: callee.finish({ localFingerprint: FP_B, remoteFingerprint: FP_A }),
  };
}

test("CallerHandshake and CalleeHandshake derive the same 20-digit number in an honest call", () => {
  const { a, b } = run();
  assert.match(a.number, /^[0-9]{20}$/);
  assert.equal(a.number, b.number);
  assert.equal(a.display, formatNumber(a.number));
  assert.deepEqual(a.transcript, b.transcript);
  assert.deepEqual(a.sframeBaseKey, b.sframeBaseKey);
});

test("CallerHandshake uses fresh keys per call, so each call has its own number (V3)", () => {
  const one = run(), two = run();
  assert.notEqual(one.a.number, two.a.number);
  assert.notDeepEqual(new CallerHandshake(IDS).publicKey, new CallerHandshake(IDS).publicKey);
});

test("CallerHandshake.reveal() before the accept throws BAD_STATE and changes nothing", () => {
  const caller = new CallerHandshake(IDS);
  assert.throws(() => caller.reveal(), { code: "BAD_STATE" });
  const commit = caller.commit(FP_A);
  assert.throws(() => caller.reveal(), { code: "BAD_STATE", message: /handshake state is "committed"/ });
  assert.throws(() => caller.finish({ localFingerprint: FP_A, remoteFingerprint: FP_B }), { code: "BAD_STATE" });
  assert.equal(caller.state, "committed");
  const callee = new CalleeHandshake({ ...IDS, commit });
  caller.acceptReceived(callee.publicKey);
  assert.throws(() => caller.commit(FP_A), { code: "BAD_STATE" });
  assert.throws(() => caller.finish({ localFingerprint: FP_A, remoteFingerprint: FP_B }), { code: "BAD_STATE" });
  callee.onReveal(caller.reveal(), FP_A);
  assert.equal(
    caller.finish({ localFingerprint: FP_A, remoteFingerprint: FP_B }).number,
    callee.finish({ localFingerprint: FP_B, remoteFingerprint: FP_A }).number,
  );
});

test("CalleeHandshake.finish() before a checked reveal throws BAD_STATE", () => {
  const caller = new CallerHandshake(IDS);
  const callee = new CalleeHandshake({ ...IDS, commit: caller.commit(FP_A) });
  assert.throws(() => callee.finish({ localFingerprint: FP_B, remoteFingerprint: FP_A }), { code: "BAD_STATE" });
  assert.equal(callee.state, "new");
});

test("a finished handshake refuses further use with BAD_STATE", () => {
  const caller = new CallerHandshake(IDS);
  const callee = new CalleeHandshake({ ...IDS, commit: caller.commit(FP_A) });
  caller.acceptReceived(callee.publicKey);
  callee.onReveal(caller.reveal(), FP_A);
  caller.finish({ localFingerprint: FP_A, remoteFingerprint: FP_B });
  callee.finish({ localFingerprint: FP_B, remoteFingerprint: FP_A });
  assert.equal(caller.state, "finished");
  assert.throws(() => caller.finish({ localFingerprint: FP_A, remoteFingerprint: FP_B }), { code: "BAD_STATE" });
  assert.throws(() => caller.reveal(), { code: "BAD_STATE" });
  assert.throws(() => callee.finish({ localFingerprint: FP_B, remoteFingerprint: FP_A }), { code: "BAD_STATE" });
  assert.throws(() => callee.onReveal(caller.publicKey, FP_A), { code: "BAD_STATE" });
});

test("CalleeHandshake.onReveal() rejects a swapped key or fingerprint and then cannot finish", () => {
  for (const [pk, fp] of [[generateKeyPair().publicKey, FP_A], [undefined, FP_B]] as const) {
    const caller = new CallerHandshake(IDS);
    const callee = new CalleeHandshake({ ...IDS, commit: caller.commit(FP_A) });
    caller.acceptReceived(callee.publicKey);
    const revealed = caller.reveal();
    assert.throws(() => callee.onReveal(pk ?? revealed, fp), { code: "E2EE_COMMITMENT_MISMATCH" });
    assert.equal(callee.state, "failed");
    // SPEC §5.8: fail closed — even the genuine reveal is no longer accepted
    assert.throws(() => callee.onReveal(revealed, FP_A), { code: "BAD_STATE" });
    assert.throws(() => callee.finish({ localFingerprint: FP_B, remoteFingerprint: FP_A }), { code: "BAD_STATE" });
  }
});

test("CalleeHandshake.finish() rejects a remote fingerprint other than the one checked at the reveal", () => {
  const caller = new CallerHandshake(IDS);
  const callee = new CalleeHandshake({ ...IDS, commit: caller.commit(FP_A) });
  caller.acceptReceived(callee.publicKey);
  callee.onReveal(caller.reveal(), FP_A.toLowerCase());
  assert.throws(() => callee.finish({ localFingerprint: FP_B, remoteFingerprint: FP_B }), {
    code: "E2EE_COMMITMENT_MISMATCH",
  });
  assert.equal(callee.state, "failed");
});

test("CallerHandshake.finish() rejects a local fingerprint other than the committed one", () => {
  const caller = new CallerHandshake(IDS);
  const callee = new CalleeHandshake({ ...IDS, commit: caller.commit(FP_A) });
  caller.acceptReceived(callee.publicKey);
  caller.reveal();
  assert.throws(() => caller.finish({ localFingerprint: FP_B, remoteFingerprint: FP_B }), {
    code: "E2EE_COMMITMENT_MISMATCH",
  });
  assert.equal(caller.state, "failed");
});

test("CallerHandshake fails closed on a low-order or wrong-length pkB", () => {
  const caller = new CallerHandshake(IDS);
  caller.commit(FP_A);
  caller.acceptReceived(LOW_ORDER_PUBLIC_KEYS[3]!);
  caller.reveal();
  assert.throws(() => caller.finish({ localFingerprint: FP_A, remoteFingerprint: FP_B }), {
    code: "E2EE_LOW_ORDER_KEY",
  });
  assert.equal(caller.state, "failed");
  const other = new CallerHandshake(IDS);
  other.commit(FP_A);
  assert.throws(() => other.acceptReceived(new Uint8Array(31)), { code: "E2EE_BAD_KEY" });
  assert.equal(other.state, "failed");
});

test("CalleeHandshake rejects a malformed commitment, reveal key or fingerprint", () => {
  assert.throws(() => new CalleeHandshake({ ...IDS, commit: new Uint8Array(31) }), { code: "E2EE_BAD_INPUT" });
  const commit = new CallerHandshake(IDS).commit(FP_A);
  assert.throws(() => new CalleeHandshake({ ...IDS, commit }).onReveal(new Uint8Array(33), FP_A), {
    code: "E2EE_BAD_KEY",
  });
  assert.throws(() => new CalleeHandshake({ ...IDS, commit }).onReveal(new Uint8Array(32), "sha-256 AB"), {
    code: "E2EE_BAD_FINGERPRINT",
  });
  assert.throws(() => new CallerHandshake({ ...IDS, callerId: "\uD83D" }), { code: "E2EE_BAD_INPUT" });
});

test("an active MITM running two handshakes leaves the two ends with different numbers (V2)", () => {
  const fpM = fingerprintFromBytes(rnd(32));
  const caller = new CallerHandshake(IDS);
  const commitA = caller.commit(FP_A);
  const mAsCaller = new CallerHandshake(IDS); // the MITM towards the callee
  const commitM = mAsCaller.commit(fpM);
  const mAsCallee = new CalleeHandshake({ ...IDS, commit: commitA }); // the MITM towards the caller
  const callee = new CalleeHandshake({ ...IDS, commit: commitM });
  caller.acceptReceived(mAsCallee.publicKey);
  mAsCaller.acceptReceived(callee.publicKey);
  mAsCallee.onReveal(caller.reveal(), FP_A);
  callee.onReveal(mAsCaller.reveal(), fpM);
  const a = caller.finish({ localFingerprint: FP_A, remoteFingerprint: fpM });
  const b = callee.finish({ localFingerprint: FP_B, remoteFingerprint: fpM });
  const ma = mAsCallee.finish({ localFingerprint: fpM, remoteFingerprint: FP_A });
  const mb = mAsCaller.finish({ localFingerprint: fpM, remoteFingerprint: FP_B });
  assert.equal(a.number, ma.number);
  assert.equal(b.number, mb.number);
  assert.notEqual(a.number, b.number);
});

test("a callee that skips the commitment check accepts a swapped reveal; CalleeHandshake does not", () => {
  const caller = new CallerHandshake(IDS);
  const commit = caller.commit(FP_A);
  const attacker = generateKeyPair();
  const skB = generateKeyPair().privateKey;
  // broken variant: the same pipeline without checkCommitment (the libbzrtp CVE-2016-6271 bug)
  const brokenCallee = (pkA: Uint8Array) => {
    const t = encodeTranscript({ ...IDS, commit, pkA, fpA: FP_A, pkB: publicKeyFromPrivate(skB), fpB: FP_B });
    return numberFromOkm(keySchedule(sharedSecret(skB, pkA), transcriptHash(t)).okm);
  };
  assert.match(brokenCallee(attacker.publicKey), /^[0-9]{20}$/);
  const real = new CalleeHandshake({ ...IDS, commit, privateKey: skB });
  assert.throws(() => real.onReveal(attacker.publicKey, FP_A), { code: "E2EE_COMMITMENT_MISMATCH" });
  assert.throws(
    () =>
      deriveVerification({
        ...IDS,
        role: "callee",
        privateKey: skB,
        commit,
        pkA: attacker.publicKey,
        fpA: FP_A,
        pkB: real.publicKey,
        fpB: FP_B,
      }),
    { code: "E2EE_COMMITMENT_MISMATCH" },
  );
});

test("deriveVerification() refuses a private key that is not behind its role's public key", () => {
  const a = generateKeyPair(), b = generateKeyPair();
  const commit = commitment(IDS.callId, a.publicKey, FP_A);
  const input = { ...IDS, commit, pkA: a.publicKey, fpA: FP_A, pkB: b.publicKey, fpB: FP_B };
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
      const h = new CallerHandshake({ ...ids, privateKey: hexToBytes(v.inputs.callerPrivateKey!) });
      assert.deepEqual(h.commit(fp(view.fpA)), hexToBytes(view.commit));
      h.acceptReceived(hexToBytes(view.pkB));
      h.reveal();
      return h.finish({ localFingerprint: fp(view.fpA), remoteFingerprint: fp(view.fpB) }).number;
    };
    const runCallee = () => {
      const view = v.callee!;
      const h = new CalleeHandshake({
        ...ids,
        commit: hexToBytes(view.commit),
        privateKey: hexToBytes(v.inputs.calleePrivateKey!),
      });
      h.onReveal(hexToBytes(view.pkA), fp(view.fpA));
      return h.finish({ localFingerprint: fp(view.fpB), remoteFingerprint: fp(view.fpA) }).number;
    };
    for (const [role, go] of [["caller", runCaller], ["callee", runCallee]] as const) {
      if (v[role] === undefined) continue;
      if (v.failingSide === role) assert.throws(go, { code: v.expectError }, v.name);
      else assert.equal(go(), v[role]!.number, `${v.name} ${role}`);
    }
  }
});
