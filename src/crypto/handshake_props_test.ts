import { test } from "node:test";
import assert from "node:assert/strict";
import { seededBytes } from "./_testing/helpers.ts";
import { checkCommitment, commitment } from "./commitment.ts";
import { deriveVerification, type VerificationInput } from "./handshake.ts";
import { generateKeyPair } from "./keys.ts";
import { encodeTranscript, transcriptHash } from "./transcript.ts";

// Deterministic pseudo-random property checks: every run draws the same keys from a seeded SHA-256 stream.
const ITERATIONS = 200;
const V = [3];

function honestCall(rnd: (n: number) => Uint8Array, i: number) {
  const a = generateKeyPair(rnd), b = generateKeyPair(rnd);
  const ids = { callId: `call-${i}`, callerId: `caller-${i}`, calleeId: `callee-${i}` };
  const fpA = rnd(32), fpB = rnd(32);
  const commit = commitment(ids.callId, V, a.publicKey, fpA);
  const fields = { ...ids, versions: V, version: 3, commit, pkA: a.publicKey, fpA, pkB: b.publicKey, fpB };
  const callerIn: VerificationInput = { ...fields, role: "caller", privateKey: a.privateKey };
  const calleeIn: VerificationInput = { ...fields, role: "callee", privateKey: b.privateKey };
  return { a, b, ids, fpA, fpB, commit, callerIn, calleeIn };
}

test(
  "deriveVerification(): honest caller and callee derive the same number (200 seeded calls)",
  { timeout: 60000 },
  () => {
    const rnd = seededBytes("prop-honest");
    for (let i = 0; i < ITERATIONS; i++) {
      const c = honestCall(rnd, i);
      assert.equal(deriveVerification(c.callerIn).number, deriveVerification(c.calleeIn).number, `iteration ${i}`);
    }
  },
);

test(
  "deriveVerification(): substituting pkA, pkB, fpA or fpB on one side changes its number",
  { timeout: 60000 },
  () => {
    const rnd = seededBytes("prop-substitute");
    for (let i = 0; i < ITERATIONS; i++) {
      const c = honestCall(rnd, i);
      const honest = deriveVerification(c.callerIn).number;
      const m = generateKeyPair(rnd), fpM = rnd(32);
      // the callee sees the attacker's key or fingerprint (with the attacker's own matching commitment)
      const pkA = deriveVerification({
        ...c.calleeIn,
        pkA: m.publicKey,
        commit: commitment(c.ids.callId, V, m.publicKey, c.fpA),
      });
      const fpA = deriveVerification({
        ...c.calleeIn,
        fpA: fpM,
        commit: commitment(c.ids.callId, V, c.a.publicKey, fpM),
      });
      const fpBcallee = deriveVerification({ ...c.calleeIn, fpB: fpM });
      // the caller sees the attacker's key or fingerprint in place of the callee's
      const pkB = deriveVerification({ ...c.callerIn, pkB: m.publicKey });
      const fpB = deriveVerification({ ...c.callerIn, fpB: fpM });
      for (const [what, v] of Object.entries({ pkA, fpA, fpBcallee, pkB, fpB })) {
        assert.notEqual(v.number, honest, `iteration ${i}: substituted ${what}`);
      }
    }
  },
);

test("checkCommitment(): any substituted pkA or fpA fails the check (200 seeded calls)", { timeout: 60000 }, () => {
  const rnd = seededBytes("prop-commit");
  for (let i = 0; i < ITERATIONS; i++) {
    const c = honestCall(rnd, i);
    const other = rnd(32);
    assert.throws(() => checkCommitment(c.commit, c.ids.callId, V, other, c.fpA), { code: "E2EE_COMMITMENT_MISMATCH" });
    assert.throws(() => checkCommitment(c.commit, c.ids.callId, V, c.a.publicKey, other), {
      code: "E2EE_COMMITMENT_MISMATCH",
    });
    assert.throws(() => deriveVerification({ ...c.calleeIn, pkA: generateKeyPair(rnd).publicKey }), {
      code: "E2EE_COMMITMENT_MISMATCH",
    });
    assert.throws(() => deriveVerification({ ...c.calleeIn, fpA: other }), { code: "E2EE_COMMITMENT_MISMATCH" });
    // SPEC §5.2: the offered versions are committed, so a rewritten list fails the callee's check
    assert.throws(() => deriveVerification({ ...c.calleeIn, versions: [2, 3] }), { code: "E2EE_COMMITMENT_MISMATCH" });
  }
});

test(
  "encodeTranscript(): shifting a boundary between adjacent string fields changes the hash",
  { timeout: 60000 },
  () => {
    const rnd = seededBytes("prop-boundary");
    const keys = { versions: V, version: 3, commit: rnd(32), pkA: rnd(32), fpA: rnd(32), pkB: rnd(32), fpB: rnd(32) };
    const alphabet = "abcé☎-0";
    const word = () => Array.from(rnd(1 + (rnd(1)[0]! % 8)), (b) => alphabet[b % alphabet.length]).join("");
    for (let i = 0; i < ITERATIONS; i++) {
      const s = [word(), word(), word()];
      const joined = s[0]! + s[1]!;
      const cut = rnd(1)[0]! % (joined.length + 1);
      const shifted = [joined.slice(0, cut), joined.slice(cut), s[2]!];
      const th = (x: string[]) =>
        transcriptHash(encodeTranscript({ callId: x[0]!, callerId: x[1]!, calleeId: x[2]!, ...keys }));
      if (shifted[0] === s[0]) assert.deepEqual(th(shifted), th(s));
      else assert.notDeepEqual(th(shifted), th(s), `${JSON.stringify(s)} vs ${JSON.stringify(shifted)}`);
      const joined2 = s[1]! + s[2]!;
      const cut2 = rnd(1)[0]! % (joined2.length + 1);
      const shifted2 = [s[0]!, joined2.slice(0, cut2), joined2.slice(cut2)];
      if (shifted2[1] !== s[1]) assert.notDeepEqual(th(shifted2), th(s));
    }
  },
);
