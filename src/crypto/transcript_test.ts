import { test } from "node:test";
import assert from "node:assert/strict";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { concat } from "./_bytes.ts";
import { seededBytes } from "./_testing/helpers.ts";
import { encodeTranscript, type TranscriptFields, transcriptHash } from "./transcript.ts";
import { fingerprintFromBytes } from "./fingerprint.ts";

const rnd = seededBytes("transcript");
const base: TranscriptFields = {
  callId: "c-9",
  callerId: "alice",
  calleeId: "bob",
  versions: [3],
  version: 3,
  commit: rnd(32),
  pkA: rnd(32),
  fpA: rnd(32),
  pkB: rnd(32),
  fpB: rnd(32),
};

const hexOf = (s: string) => bytesToHex(new TextEncoder().encode(s));
const len = (n: number) => n.toString(16).padStart(8, "0");

test("encodeTranscript() lays out the eleven LP fields in role order (SPEC §5.4)", () => {
  const f = base as { commit: Uint8Array; pkA: Uint8Array; fpA: Uint8Array; pkB: Uint8Array; fpB: Uint8Array };
  const want = [
    len(24) + hexOf("ShieldCall v3 transcript"),
    len(3) + hexOf("c-9"),
    len(5) + hexOf("alice"),
    len(3) + hexOf("bob"),
    len(1) + "03",
    len(1) + "03",
    len(32) + bytesToHex(f.commit),
    len(32) + bytesToHex(f.pkA),
    len(32) + bytesToHex(f.fpA),
    len(32) + bytesToHex(f.pkB),
    len(32) + bytesToHex(f.fpB),
  ].join("");
  assert.equal(bytesToHex(encodeTranscript(base)), want);
  assert.deepEqual(transcriptHash(encodeTranscript(base)), sha256(encodeTranscript(base)));
});

test("encodeTranscript() accepts fingerprints as text or bytes with the same result", () => {
  const asText = {
    ...base,
    fpA: fingerprintFromBytes(base.fpA as Uint8Array),
    fpB: fingerprintFromBytes(base.fpB as Uint8Array).toLowerCase(),
  };
  assert.deepEqual(encodeTranscript(asText), encodeTranscript(base));
});

test("encodeTranscript() changes when caller and callee values trade places", () => {
  const swapped = { ...base, pkA: base.pkB, pkB: base.pkA, fpA: base.fpB, fpB: base.fpA };
  assert.notDeepEqual(encodeTranscript(swapped), encodeTranscript(base));
  const ids = { ...base, callerId: base.calleeId, calleeId: base.callerId };
  assert.notDeepEqual(encodeTranscript(ids), encodeTranscript(base));
});

test("encodeTranscript() is injective under field-boundary shifts, unlike plain concatenation", () => {
  const noLp = (f: TranscriptFields) =>
    concat(...[f.callId, f.callerId, f.calleeId].map((s) => new TextEncoder().encode(s)));
  const pairs: Array<[Partial<TranscriptFields>, Partial<TranscriptFields>]> = [
    [{ callId: "ab", callerId: "c" }, { callId: "a", callerId: "bc" }],
    [{ callerId: "alice", calleeId: "bob" }, { callerId: "alic", calleeId: "ebob" }],
    [{ callId: "", callerId: "c-9alice" }, { callId: "c-9", callerId: "alice" }],
  ];
  for (const [x, y] of pairs) {
    const fx = { ...base, ...x }, fy = { ...base, ...y };
    // broken variant: without LP both field lists give the same bytes
    assert.deepEqual(noLp(fx), noLp(fy));
    assert.notDeepEqual(transcriptHash(encodeTranscript(fx)), transcriptHash(encodeTranscript(fy)));
  }
});

test("encodeTranscript() rejects wrong lengths and malformed strings with stable codes", () => {
  assert.throws(() => encodeTranscript({ ...base, commit: rnd(31) }), { code: "E2EE_BAD_INPUT" });
  assert.throws(() => encodeTranscript({ ...base, pkA: rnd(33) }), { code: "E2EE_BAD_KEY" });
  assert.throws(() => encodeTranscript({ ...base, pkB: rnd(0) }), { code: "E2EE_BAD_KEY" });
  assert.throws(() => encodeTranscript({ ...base, fpB: rnd(20) }), { code: "E2EE_BAD_FINGERPRINT" });
  assert.throws(() => encodeTranscript({ ...base, calleeId: "\uDFFF" }), { code: "E2EE_BAD_INPUT" });
  assert.throws(() => encodeTranscript(null as unknown as TranscriptFields), TypeError);
});
