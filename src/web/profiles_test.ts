/**
 * The web client's SPEC §13.10 (SF8) rules, WebCrypto only (nothing from src/crypto):
 * - chooseProfile / checkChoice follow the table of §13.10 (first implemented; SFrame-first only as SFrame);
 * - the commitment and the transcript gain LP(profiles) (and LP(profile)) at their end only when profiles are offered,
 *   computed here independently from the §5.2/§5.4 bytes;
 * - an honest SFrame handshake (zero fingerprints) gives both sides the same number, tags and base keys;
 * - controls: profiles reordered toward the callee fail its commitment check, a rewritten choice fails the caller's
 *   check or the peer's tag, and a transcript that leaves the choice out is caught.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as hs from "./handshake.ts";
import { PeerTagCheck } from "./confirm.ts";
import { honestHandshake } from "./_testing/honest_handshake.ts";
import { checkChoice, chooseProfile, SFRAME_OFFER, ZERO_FP } from "./profiles.ts";

const codeOf = async (f: () => unknown) => {
  try {
    await f();
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
};
const utf8 = (s: string) => new TextEncoder().encode(s);

test("chooseProfile() takes the first offered profile it implements; SFrame first completes only as SFrame", async () => {
  const both = ["dtls-srtp", "sframe"] as const;
  assert.equal(chooseProfile(undefined, both), "dtls-srtp");
  assert.equal(chooseProfile(["sframe", "dtls-srtp"], both), "sframe");
  assert.equal(chooseProfile(["dtls-srtp", "sframe"], both), "dtls-srtp");
  assert.equal(chooseProfile(["dtls-srtp", "sframe"], ["dtls-srtp"]), "dtls-srtp");
  assert.equal(chooseProfile(["sframe"], both), "sframe");
  assert.equal(await codeOf(() => chooseProfile(["sframe", "dtls-srtp"], ["dtls-srtp"])), "E2EE_BAD_PROFILE");
  assert.equal(await codeOf(() => chooseProfile(["sframe"], ["dtls-srtp"])), "E2EE_BAD_PROFILE");
  for (const bad of [[], ["sframe", "sframe"], ["dtls-srtp", "sframe", "x"], ["DTLS-SRTP"], ["vp8"]]) {
    assert.equal(await codeOf(() => chooseProfile(bad, both)), "E2EE_BAD_INPUT", JSON.stringify(bad));
  }
});

test("checkChoice() accepts only an offered profile, and SFrame alone for an SFrame-first offer", async () => {
  assert.equal(checkChoice(undefined, undefined), "dtls-srtp");
  assert.equal(checkChoice(undefined, "dtls-srtp"), "dtls-srtp");
  assert.equal(checkChoice(SFRAME_OFFER, "sframe"), "sframe");
  assert.equal(checkChoice(["dtls-srtp", "sframe"], undefined), "dtls-srtp");
  assert.equal(checkChoice(["dtls-srtp", "sframe"], "sframe"), "sframe");
  assert.equal(await codeOf(() => checkChoice(undefined, "sframe")), "E2EE_BAD_PROFILE");
  assert.equal(await codeOf(() => checkChoice(SFRAME_OFFER, "dtls-srtp")), "E2EE_BAD_PROFILE");
  assert.equal(await codeOf(() => checkChoice(SFRAME_OFFER, undefined)), "E2EE_BAD_PROFILE");
  assert.equal(await codeOf(() => checkChoice(["dtls-srtp"], "sframe")), "E2EE_BAD_PROFILE");
});

test("commitment() appends LP(profiles) only when profiles are offered (SPEC §13.10)", async () => {
  const pkA = new Uint8Array(32).fill(9), fpA = new Uint8Array(32).fill(7);
  const base = [hs.lp(utf8("ShieldCall v3 commit")), hs.lp(utf8("c-1")), hs.lp(Uint8Array.of(3)), hs.lp(pkA)];
  const legacy = await hs.sha256(hs.concat(...base, hs.lp(fpA)));
  assert.deepEqual(await hs.commitment("c-1", [3], pkA, fpA), legacy);
  const bound = await hs.sha256(hs.concat(...base, hs.lp(ZERO_FP), hs.lp(utf8("sframe,dtls-srtp"))));
  assert.deepEqual(await hs.commitment("c-1", [3], pkA, ZERO_FP, SFRAME_OFFER), bound);
  // control: the order of the offer is bound
  assert.notDeepEqual(await hs.commitment("c-1", [3], pkA, ZERO_FP, ["dtls-srtp", "sframe"]), bound);
});

/** Both sides of one honest handshake for `profiles`/`profile`, as each side fills its fields. */
const handshake = (profiles: readonly string[] | undefined, profile: string | undefined) =>
  honestHandshake(profiles ? { profiles, ...(profile ? { profile } : {}) } : {});

test("an honest SFrame handshake: zero fingerprints, profiles bound, equal numbers, tags and base keys", async () => {
  const { a, b, f } = await handshake(SFRAME_OFFER, "sframe");
  const caller = await hs.derive("caller", a.privateKey, f);
  const callee = await hs.derive("callee", b.privateKey, f);
  assert.equal(caller.number, callee.number);
  assert.deepEqual(caller.sframeA, callee.sframeA);
  assert.deepEqual(caller.sframeB, callee.sframeB);
  assert.notDeepEqual(caller.sframeA, caller.sframeB, "SPEC §13.3: the two directions never share a key");
  await new PeerTagCheck("caller", caller).check(callee.tagB);
  await new PeerTagCheck("callee", callee).check(caller.tagA);
  // the transcript ends with LP(profiles) ‖ LP(profile)
  const tail = hs.concat(hs.lp(utf8("sframe,dtls-srtp")), hs.lp(utf8("sframe")));
  assert.deepEqual(caller.transcript.subarray(caller.transcript.length - tail.length), tail);
  // no profiles: the transcript is exactly the §5.4 one (11 LP fields)
  const plain = await handshake(undefined, undefined);
  const t = hs.transcript(plain.f);
  assert.equal(hs.transcript({ ...plain.f, profile: "dtls-srtp" }).length, t.length);
});

test("controls: a reordered offer, a rewritten choice and a transcript without the choice are caught", async () => {
  const { a, b, f } = await handshake(SFRAME_OFFER, "sframe");
  // the service reorders profiles toward the callee: its commitment check fails
  const reordered = { ...f, profiles: ["dtls-srtp", "sframe"] };
  assert.equal(await codeOf(() => hs.derive("callee", b.privateKey, reordered)), "E2EE_COMMITMENT_MISMATCH");
  // the service drops profiles toward the callee: its commitment check fails
  const { profiles: _p, profile: _q, ...dropped } = f;
  assert.equal(await codeOf(() => hs.derive("callee", b.privateKey, dropped)), "E2EE_COMMITMENT_MISMATCH");
  // the service rewrites the choice toward the caller: E2EE_BAD_PROFILE before anything is derived
  assert.equal(
    await codeOf(() => hs.derive("caller", a.privateKey, { ...f, profile: "dtls-srtp" })),
    "E2EE_BAD_PROFILE",
  );
  // an offer ["dtls-srtp","sframe"] whose choice is rewritten toward the caller: the transcripts differ
  const o = await handshake(["dtls-srtp", "sframe"], "dtls-srtp");
  const callee = await hs.derive("callee", o.b.privateKey, o.f);
  const caller = await hs.derive("caller", o.a.privateKey, { ...o.f, profile: "sframe" });
  assert.notEqual(caller.number, callee.number);
  assert.equal(await codeOf(() => new PeerTagCheck("caller", caller).check(callee.tagB)), "E2EE_CONFIRM_FAILED");
  // broken variant: a transcript that leaves the choice out would not see that rewrite
  const noChoice = (x: hs.Fields) => hs.transcript({ ...x, profile: "dtls-srtp" });
  assert.deepEqual(noChoice({ ...o.f, profile: "sframe" }), noChoice(o.f));
  assert.notDeepEqual(hs.transcript({ ...o.f, profile: "sframe" }), hs.transcript(o.f));
});
