import { test } from "node:test";
import assert from "node:assert/strict";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { seededBytes } from "./_testing/helpers.ts";
import { checkCommitment, commitment } from "./commitment.ts";
import { fingerprintFromBytes } from "./fingerprint.ts";
import { CalleeHandshake, CallerHandshake, type Verification } from "./handshake.ts";
import {
  boundFingerprint,
  checkChosenProfile,
  checkProfiles,
  chooseProfile,
  committedFingerprint,
  profilesBytes,
  zeroFingerprint,
} from "./profiles.ts";
import { encodeTranscript, type TranscriptFields } from "./transcript.ts";

const rnd = seededBytes("profiles");
const FP_A = fingerprintFromBytes(rnd(32));
const FP_B = fingerprintFromBytes(rnd(32));
const ZERO = fingerprintFromBytes(new Uint8Array(32));
const IDS = { callId: "call-sf", callerId: "alice", calleeId: "bob" };
const utf8 = (s: string) => bytesToHex(new TextEncoder().encode(s));
const code = (c: string) => ({ code: c });

test("checkProfiles() accepts 1-2 distinct known names and refuses anything else with E2EE_BAD_INPUT", () => {
  for (const ok of [["sframe"], ["dtls-srtp"], ["sframe", "dtls-srtp"], ["dtls-srtp", "sframe"]]) {
    assert.deepEqual(checkProfiles(ok), ok);
  }
  const bad: unknown[] = [[], ["sframe", "sframe"], ["rtp"], ["SFRAME"], ["sframe", "dtls-srtp", "sframe"], "sframe"];
  for (const b of [...bad, null, [1], ["dtls-srtp", ""]]) {
    assert.throws(() => checkProfiles(b as string[]), code("E2EE_BAD_INPUT"), JSON.stringify(b));
  }
});

test("profilesBytes() is the names joined by a comma, as UTF-8 (SPEC §13.10)", () => {
  assert.equal(bytesToHex(profilesBytes(["sframe", "dtls-srtp"])), utf8("sframe,dtls-srtp"));
  assert.equal(bytesToHex(profilesBytes(["dtls-srtp"])), utf8("dtls-srtp"));
});

test("chooseProfile() picks the first offered profile implemented here (SPEC §13.10)", () => {
  assert.equal(chooseProfile(["sframe", "dtls-srtp"], ["dtls-srtp", "sframe"]), "sframe");
  assert.equal(chooseProfile(["sframe"], ["sframe", "dtls-srtp"]), "sframe");
  assert.equal(chooseProfile(["dtls-srtp", "sframe"], ["dtls-srtp", "sframe"]), "dtls-srtp");
  assert.equal(chooseProfile(["dtls-srtp", "sframe"], ["dtls-srtp"]), "dtls-srtp");
  assert.equal(chooseProfile(undefined, ["dtls-srtp"]), "dtls-srtp", "absent means [dtls-srtp]");
});

test("chooseProfile() ends an sframe-first offer a dtls-srtp-only callee cannot complete (E2EE_BAD_PROFILE)", () => {
  // SPEC §13.10: an sframe-first offer is never completed as dtls-srtp, even when dtls-srtp is offered second
  assert.throws(() => chooseProfile(["sframe", "dtls-srtp"], ["dtls-srtp"]), code("E2EE_BAD_PROFILE"));
  assert.throws(() => chooseProfile(["sframe"], ["dtls-srtp"]), code("E2EE_BAD_PROFILE"));
  // dtls-srtp first committed a real fpA: an sframe-only callee cannot complete it either
  assert.throws(() => chooseProfile(["dtls-srtp", "sframe"], ["sframe"]), code("E2EE_BAD_PROFILE"));
  assert.throws(() => chooseProfile(undefined, ["sframe"]), code("E2EE_BAD_PROFILE"));
  assert.throws(() => chooseProfile(["rtp"], ["dtls-srtp"]), code("E2EE_BAD_INPUT"));
  assert.throws(() => chooseProfile(["dtls-srtp"], ["rtp"]), RangeError);
  assert.throws(() => chooseProfile(["dtls-srtp"], "dtls-srtp" as unknown as string[]), TypeError);
});

test("checkChosenProfile() takes an offered profile that completes the offer, else E2EE_BAD_PROFILE", () => {
  assert.equal(checkChosenProfile(undefined, undefined), "dtls-srtp");
  assert.equal(checkChosenProfile(undefined, "dtls-srtp"), "dtls-srtp");
  assert.equal(checkChosenProfile(["sframe", "dtls-srtp"], "sframe"), "sframe");
  assert.equal(checkChosenProfile(["dtls-srtp", "sframe"], undefined), "dtls-srtp", "absent means dtls-srtp");
  const refused: Array<[string[] | undefined, string | undefined]> = [
    [undefined, "sframe"], // the reference caller offers nothing: a service that adds "sframe"
    [["sframe"], "dtls-srtp"], // not offered
    [["sframe"], undefined], // absent is dtls-srtp: not offered
    [["sframe", "dtls-srtp"], "dtls-srtp"], // offered, but an sframe-first offer never completes as dtls-srtp
    [["dtls-srtp", "sframe"], "sframe"], // offered, but fpA was committed: cannot complete as sframe
    [["dtls-srtp"], "rtp"],
  ];
  for (const [offered, chosen] of refused) {
    assert.throws(() => checkChosenProfile(offered, chosen), code("E2EE_BAD_PROFILE"), `${offered} ${chosen}`);
  }
});

test("committedFingerprint() and boundFingerprint() are zero exactly in the sframe cases (SPEC §13.10)", () => {
  const fp = hexToBytes(FP_A.replaceAll(":", ""));
  assert.deepEqual(committedFingerprint(["sframe", "dtls-srtp"], FP_A), zeroFingerprint());
  assert.deepEqual(committedFingerprint(["sframe"], undefined), zeroFingerprint());
  assert.deepEqual(committedFingerprint(["dtls-srtp", "sframe"], FP_A), fp);
  assert.deepEqual(committedFingerprint(undefined, FP_A), fp);
  assert.deepEqual(boundFingerprint("sframe", FP_A), zeroFingerprint());
  assert.deepEqual(boundFingerprint("dtls-srtp", FP_A), fp);
  assert.deepEqual(boundFingerprint(undefined, FP_A), fp);
  assert.throws(() => boundFingerprint(undefined, undefined), TypeError);
  const z = zeroFingerprint();
  z[0] = 1;
  assert.deepEqual(zeroFingerprint(), new Uint8Array(32), "a fresh array every time");
});

test("commitment() appends LP(profiles) only when profiles are given (SPEC §13.10)", () => {
  const pkA = rnd(32), fp = rnd(32);
  const base = commitment("c-42", [3], pkA, fp);
  const layout = "00000014" + utf8("ShieldCall v3 commit") + "00000004" + utf8("c-42") + "00000001" + "03" +
    "00000020" + bytesToHex(pkA) + "00000020" + bytesToHex(fp);
  assert.equal(bytesToHex(base), bytesToHex(sha256(hexToBytes(layout))), "absent: the §5.2 bytes exactly");
  const bound = commitment("c-42", [3], pkA, fp, ["dtls-srtp", "sframe"]);
  const tail = "00000010" + utf8("dtls-srtp,sframe");
  assert.equal(bytesToHex(bound), bytesToHex(sha256(hexToBytes(layout + tail))));
  // a service that drops, adds or reorders the profiles fails the callee's check
  for (const seen of [undefined, ["sframe", "dtls-srtp"], ["dtls-srtp"]]) {
    assert.throws(() => checkCommitment(bound, "c-42", [3], pkA, fp, seen), code("E2EE_COMMITMENT_MISMATCH"));
  }
  checkCommitment(bound, "c-42", [3], pkA, fp, ["dtls-srtp", "sframe"]);
  assert.throws(() => commitment("c-42", [3], pkA, fp, ["sframe", "sframe"]), code("E2EE_BAD_INPUT"));
});

test("encodeTranscript() appends LP(profiles) ‖ LP(profile) only when profiles are given (SPEC §13.10)", () => {
  const f: TranscriptFields = {
    ...IDS,
    versions: [3],
    version: 3,
    commit: rnd(32),
    pkA: rnd(32),
    fpA: FP_A,
    pkB: rnd(32),
    fpB: FP_B,
  };
  const plain = bytesToHex(encodeTranscript(f));
  assert.equal(bytesToHex(encodeTranscript({ ...f, profile: "dtls-srtp" })), plain, "no offer: the §5.4 bytes");
  const withOffer = bytesToHex(encodeTranscript({ ...f, profiles: ["sframe", "dtls-srtp"], profile: "sframe" }));
  assert.equal(withOffer, plain + "00000010" + utf8("sframe,dtls-srtp") + "00000006" + utf8("sframe"));
  const omitted = bytesToHex(encodeTranscript({ ...f, profiles: ["dtls-srtp", "sframe"] }));
  assert.equal(omitted, plain + "00000010" + utf8("dtls-srtp,sframe") + "00000009" + utf8("dtls-srtp"));
  assert.throws(() => encodeTranscript({ ...f, profile: "sframe" }), code("E2EE_BAD_PROFILE"));
  assert.throws(() => encodeTranscript({ ...f, profiles: ["dtls-srtp"], profile: "rtp" }), code("E2EE_BAD_PROFILE"));
});

/** An honest call with the given offer and callee; returns both derivations. */
function call(profiles: string[] | undefined, implemented: string[]): { a: Verification; b: Verification } {
  const caller = new CallerHandshake({ ...IDS, profiles });
  const commit = caller.commit(FP_A);
  const callee = new CalleeHandshake({ ...IDS, commit, versions: caller.versions, profiles, implements: implemented });
  const acc = callee.accept(FP_B);
  const a = caller.acceptReceived(acc.pk, acc.fp, acc.version, acc.profile);
  const b = callee.onReveal(caller.reveal(), profiles?.[0] === "sframe" ? undefined : FP_A);
  return { a, b };
}

test("the handshake classes complete an sframe call on zero fingerprints and equal numbers (SPEC §13.10)", () => {
  const caller = new CallerHandshake({ ...IDS, profiles: ["sframe", "dtls-srtp"] });
  const commit = caller.commit(FP_A); // the offer's fingerprint is not bound in an sframe-first offer
  assert.deepEqual(commit, commitment(IDS.callId, [3], caller.publicKey, ZERO, ["sframe", "dtls-srtp"]));
  const callee = new CalleeHandshake({
    ...IDS,
    commit,
    versions: [3],
    profiles: ["sframe", "dtls-srtp"],
    implements: ["sframe"],
  });
  assert.equal(callee.profile, "sframe");
  const acc = callee.accept();
  assert.deepEqual(acc.fp, new Uint8Array(32), "accept.e2ee.fp carries the zero fingerprint");
  assert.equal(acc.profile, "sframe");
  const a = caller.acceptReceived(acc.pk, acc.fp, acc.version, acc.profile);
  const b = callee.onReveal(caller.reveal(), FP_B); // any offer fingerprint: not checked in this profile
  assert.equal(a.number, b.number);
  assert.deepEqual(a.sframeKeys, b.sframeKeys);
  assert.notDeepEqual(a.sframeKeys.caller, a.sframeKeys.callee);
  // SPEC §13.10: the fingerprint checks do not apply
  caller.checkFingerprint("callee", FP_B);
  callee.checkFingerprint("caller", FP_A);
  const tail = bytesToHex(a.transcript).slice(-2 * (4 + 16 + 4 + 6));
  assert.equal(tail, "00000010" + utf8("sframe,dtls-srtp") + "00000006" + utf8("sframe"));
});

test("the handshake classes bind the offer in a dtls-srtp call: numbers match, differ from an unbound call", () => {
  const { a, b } = call(["dtls-srtp", "sframe"], ["dtls-srtp", "sframe"]);
  assert.equal(a.number, b.number);
  const t = bytesToHex(a.transcript);
  assert.ok(t.includes(bytesToHex(hexToBytes(FP_A.replaceAll(":", "")))), "the real fpA is bound");
  assert.ok(t.endsWith("00000009" + utf8("dtls-srtp")));
  const plain = call(undefined, ["dtls-srtp"]);
  assert.equal(plain.a.number, plain.b.number);
  assert.ok(!bytesToHex(plain.a.transcript).includes(utf8("dtls-srtp")), "no offer: nothing appended");
});

test("CalleeHandshake: an sframe-first offer to a dtls-srtp-only callee is E2EE_BAD_PROFILE; no accept", () => {
  const caller = new CallerHandshake({ ...IDS, profiles: ["sframe", "dtls-srtp"] });
  const commit = caller.commit();
  const opts = { ...IDS, commit, versions: [3], profiles: ["sframe", "dtls-srtp"] };
  assert.throws(() => new CalleeHandshake(opts), code("E2EE_BAD_PROFILE"), "default implements: dtls-srtp");
  assert.throws(() => new CalleeHandshake({ ...opts, implements: ["dtls-srtp"] }), code("E2EE_BAD_PROFILE"));
  assert.throws(() => new CalleeHandshake({ ...opts, profiles: ["sframe", "rtp"] }), code("E2EE_BAD_INPUT"));
  // dtls-srtp offered first: the dtls-srtp-only callee completes it, and answers with `profile`
  const c2 = new CallerHandshake({ ...IDS, profiles: ["dtls-srtp", "sframe"] });
  const b = new CalleeHandshake({ ...IDS, commit: c2.commit(FP_A), versions: [3], profiles: ["dtls-srtp", "sframe"] });
  assert.equal(b.accept(FP_B).profile, "dtls-srtp");
  const b0 = new CalleeHandshake({ ...IDS, commit: rnd(32), versions: [3] });
  assert.equal("profile" in b0.accept(FP_B), false, "no profiles received: no profile sent");
});

test("CallerHandshake: a rewritten accepted profile is E2EE_BAD_PROFILE before the reveal, and fails closed", () => {
  for (
    const [offered, seen] of [
      [undefined, "sframe"],
      [["sframe"], "dtls-srtp"],
      [["sframe", "dtls-srtp"], "dtls-srtp"],
      [["dtls-srtp", "sframe"], "sframe"],
    ] as const
  ) {
    const caller = new CallerHandshake({ ...IDS, profiles: offered });
    caller.commit(FP_A);
    const callee = new CalleeHandshake({ ...IDS, commit: rnd(32), versions: [3] });
    const acc = callee.accept(FP_B);
    assert.throws(() => caller.acceptReceived(acc.pk, acc.fp, acc.version, seen), code("E2EE_BAD_PROFILE"));
    assert.equal(caller.state, "failed");
    assert.throws(() => caller.reveal(), code("BAD_STATE"), "no reveal after the failure");
  }
});

test("CallerHandshake: an sframe accept whose fp is not the zero fingerprint is E2EE_BAD_FINGERPRINT", () => {
  const caller = new CallerHandshake({ ...IDS, profiles: ["sframe"] });
  caller.commit();
  const callee = new CalleeHandshake({ ...IDS, commit: rnd(32), versions: [3] });
  const acc = callee.accept(FP_B);
  assert.throws(() => caller.acceptReceived(acc.pk, FP_B, 3, "sframe"), code("E2EE_BAD_FINGERPRINT"));
  assert.equal(caller.state, "failed");
});

test("a service that drops the profiles toward the callee makes the reveal a commitment mismatch", () => {
  for (const offered of [["sframe", "dtls-srtp"], ["dtls-srtp", "sframe"]]) {
    const caller = new CallerHandshake({ ...IDS, profiles: offered });
    const commit = caller.commit(FP_A);
    // the callee saw no profiles: it chooses dtls-srtp and binds the real fpA
    const callee = new CalleeHandshake({ ...IDS, commit, versions: [3] });
    const acc = callee.accept(FP_B);
    const sframe = offered[0] === "sframe"; // a service that also told the caller "sframe" with a zero fp
    caller.acceptReceived(acc.pk, sframe ? new Uint8Array(32) : acc.fp, 3, sframe ? "sframe" : acc.profile);
    assert.throws(() => callee.onReveal(caller.reveal(), FP_A), code("E2EE_COMMITMENT_MISMATCH"), String(offered));
  }
});
