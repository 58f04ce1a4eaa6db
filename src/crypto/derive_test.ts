import { test } from "node:test";
import assert from "node:assert/strict";
import { seededBytes } from "./_testing/helpers.ts";
import { commitment } from "./commitment.ts";
import { deriveVerification, type VerificationInput } from "./derive.ts";
import { publicKeyFromPrivate } from "./keys.ts";

const rnd = seededBytes("derive");
const skA = rnd(32), skB = rnd(32);
const pkA = publicKeyFromPrivate(skA), pkB = publicKeyFromPrivate(skB);
const fpA = rnd(32), fpB = rnd(32), ZERO = new Uint8Array(32);
const IDS = { callId: "call-d", callerId: "alice", calleeId: "bob", versions: [3], version: 3 };

/** Both sides' inputs of one call with the given offer, choice and fingerprints as each side passes them. */
function sides(profiles: string[] | undefined, profile: string | undefined, commitFp: Uint8Array) {
  const base = { ...IDS, commit: commitment(IDS.callId, [3], pkA, commitFp, profiles), pkA, pkB, fpA, fpB };
  const f = { ...base, ...(profiles ? { profiles } : {}), ...(profile ? { profile } : {}) };
  const a: VerificationInput = { ...f, role: "caller", privateKey: skA };
  const b: VerificationInput = { ...f, role: "callee", privateKey: skB };
  return { a, b };
}

test("deriveVerification() hashes zero fingerprints in the sframe profile, whatever fingerprints it is given", () => {
  const { a, b } = sides(["sframe", "dtls-srtp"], "sframe", ZERO);
  const va = deriveVerification(a);
  assert.equal(va.number, deriveVerification(b).number);
  // SPEC §13.10: the same call with the zero fingerprints passed explicitly derives the same number
  assert.equal(deriveVerification({ ...a, fpA: ZERO, fpB: ZERO }).number, va.number);
  // control: a commitment over the real fpA does not match an sframe-first offer
  assert.throws(() => deriveVerification(sides(["sframe", "dtls-srtp"], "sframe", fpA).b), {
    code: "E2EE_COMMITMENT_MISMATCH",
  });
});

test("deriveVerification() binds the profiles: the same keys without them give another number", () => {
  const bound = deriveVerification(sides(["dtls-srtp", "sframe"], "dtls-srtp", fpA).a).number;
  const omitted = deriveVerification(sides(["dtls-srtp", "sframe"], undefined, fpA).a).number;
  const none = deriveVerification(sides(undefined, undefined, fpA).a).number;
  assert.equal(bound, omitted, "an omitted profile is dtls-srtp");
  assert.notEqual(bound, none);
});

test("deriveVerification() refuses a choice that was not offered or cannot complete the offer (E2EE_BAD_PROFILE)", () => {
  const bad: Array<[string[] | undefined, string, Uint8Array]> = [
    [undefined, "sframe", fpA],
    [["sframe", "dtls-srtp"], "dtls-srtp", ZERO],
    [["dtls-srtp", "sframe"], "sframe", fpA],
  ];
  for (const [offered, chosen, fp] of bad) {
    assert.throws(() => deriveVerification(sides(offered, chosen, fp).a), { code: "E2EE_BAD_PROFILE" }, chosen);
  }
});
