/**
 * RtpTap (SPEC §13.9 FW1, §13.11 evidence) on hand-built RTP payloads: Opus payloads that are whole SFrame
 * ciphertexts, VP8 payloads behind RFC 7741 descriptors (with and without the X, I, L, T, K fields, 7- and 15-bit
 * PictureIDs), key and delta frames with their clear bytes (§13.7), continuation packets, and plaintext frames (the
 * control each count must catch).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sha256 } from "@noble/hashes/sha2.js";
import { base64urlDecode } from "../crypto/mod.ts";
import { profileContext, sframeSenderKeys } from "../crypto/sframe/mod.ts";
import { parseVp8Descriptor, RtpTap, TAP_SAMPLES_PER_KIND } from "./rtp_tap.ts";
import type { Direction, ForwardedPacket, MediaKind } from "./types.ts";

const enc = new TextEncoder();
const KEYS = sframeSenderKeys(sha256(enc.encode("tap test call")));
/** A VP8 key frame's first 10 bytes (frame tag with P = 0, start code, 640x480) and a delta frame's 3 (P = 1). */
const KEY_CLEAR = Uint8Array.of(0x50, 0x02, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0xe0, 0x01);
const DELTA_CLEAR = Uint8Array.of(0x31, 0x05, 0x00);
const MEDIA = (n: number) => enc.encode(`SHIELDCALL-MEDIA|${n}|` + "x".repeat(80));

/** The single-order CTR fields of a snapshot. */
const pick = (c: { first: string | null; last: string | null; increasing: boolean; notAbove: number }) => ({
  first: c.first,
  last: c.last,
  increasing: c.increasing,
  notAbove: c.notAbove,
});

const cat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, at), at += p.length;
  return out;
};

let seq = 0;
function packet(direction: Direction, kind: MediaKind, payload: Uint8Array, marker = true): ForwardedPacket {
  return {
    callId: "c",
    direction,
    kind,
    forwarded: true,
    sequenceNumber: seq++,
    timestamp: 0,
    marker,
    payload,
  };
}

/** A sender of the call: seals audio whole and VP8 frames with their clear bytes as metadata (SPEC §13.7). */
function sender(role: "caller" | "callee") {
  const ctx = profileContext(role, KEYS);
  const kid = role === "caller" ? 0n : 1n;
  return {
    audio: (n: number) => ctx.seal(kid, MEDIA(n)),
    video: (clear: Uint8Array, n: number) => cat(clear, ctx.seal(kid, MEDIA(n), clear)),
  };
}

test("parseVp8Descriptor() reads the X, I (7- and 15-bit PictureID), L, T and K fields (RFC 7741 §4.2)", () => {
  assert.deepEqual(parseVp8Descriptor(Uint8Array.of(0x10)), { length: 1, start: true, partition: 0 });
  assert.deepEqual(parseVp8Descriptor(Uint8Array.of(0x13)), { length: 1, start: true, partition: 3 });
  assert.deepEqual(parseVp8Descriptor(Uint8Array.of(0x00, 0xaa)), { length: 1, start: false, partition: 0 });
  assert.equal(parseVp8Descriptor(Uint8Array.of(0x90, 0x80, 0x05))?.length, 3, "I with a 7-bit PictureID");
  assert.equal(parseVp8Descriptor(Uint8Array.of(0x90, 0x80, 0x81, 0x23))?.length, 4, "I with a 15-bit PictureID");
  assert.equal(parseVp8Descriptor(Uint8Array.of(0x90, 0x40, 0x01))?.length, 3, "L: TL0PICIDX");
  assert.equal(parseVp8Descriptor(Uint8Array.of(0x90, 0x20, 0x40))?.length, 3, "T: TID");
  assert.equal(parseVp8Descriptor(Uint8Array.of(0x90, 0x10, 0x01))?.length, 3, "K: KEYIDX");
  assert.equal(parseVp8Descriptor(Uint8Array.of(0x90, 0xf0, 0x81, 0x23, 0x07, 0x40))?.length, 6, "I L T K");
  assert.equal(parseVp8Descriptor(Uint8Array.of(0x90, 0x00))?.length, 2, "X with no field");
  for (const cut of [[], [0x90], [0x90, 0x80], [0x90, 0x80, 0x81], [0x90, 0x40], [0x90, 0xf0, 0x81, 0x23, 0x07]]) {
    assert.equal(parseVp8Descriptor(Uint8Array.from(cut)), null, `truncated: ${JSON.stringify(cut)}`);
  }
});

test("RtpTap counts Opus payloads that are SFrame ciphertexts under the sender's KID, and their CTRs", () => {
  const tap = new RtpTap();
  const a = sender("caller"), b = sender("callee");
  const sent = Array.from({ length: 10 }, (_, n) => a.audio(n));
  for (const f of sent) tap.see(packet("callerToCallee", "audio", f));
  for (let n = 0; n < 3; n++) tap.see(packet("calleeToCaller", "audio", b.audio(n)));
  const s = tap.snapshot();
  assert.deepEqual(
    [s.callerToCallee.kid, s.callerToCallee.packets.audio, s.callerToCallee.sframe, s.callerToCallee.notSframe],
    ["0", 10, 10, 0],
  );
  assert.deepEqual(pick(s.callerToCallee.ctr), { first: "0", last: "9", increasing: true, notAbove: 0 });
  assert.deepEqual([s.calleeToCaller.kid, s.calleeToCaller.sframe, s.calleeToCaller.ctr.last], ["1", 3, "2"]);
  assert.equal(s.callerToCallee.firstFault, null);
  // bounded: the first payloads of each kind only, as sent
  assert.equal(s.callerToCallee.samples.length, TAP_SAMPLES_PER_KIND);
  assert.deepEqual(
    s.callerToCallee.samples.map((x) => base64urlDecode(x.payload)),
    sent.slice(0, TAP_SAMPLES_PER_KIND),
  );
});

test("RtpTap: plaintext audio, another role's KID and a payload too short for the tag are not SFrame (controls)", () => {
  const tap = new RtpTap();
  const b = sender("callee");
  tap.see(packet("callerToCallee", "audio", MEDIA(0)));
  tap.see(packet("callerToCallee", "audio", b.audio(0)));
  tap.see(packet("callerToCallee", "audio", Uint8Array.of(0x00, 1, 2, 3, 4)));
  tap.see(packet("callerToCallee", "audio", new Uint8Array()));
  const s = tap.snapshot().callerToCallee;
  assert.deepEqual([s.packets.audio, s.frameStarts.audio, s.empty, s.sframe, s.notSframe], [4, 3, 1, 0, 3]);
  assert.match(s.firstFault!.reason, /KID "5", not the sender's "0"/, "'S' of the plaintext reads as KID 5");
  assert.deepEqual(pick(s.ctr), { first: null, last: null, increasing: true, notAbove: 0 });
});

test("RtpTap: a repeated or older CTR makes the sequence not increasing (control)", () => {
  const tap = new RtpTap();
  const a = sender("caller");
  const frames = [0, 1, 2].map((n) => a.audio(n));
  for (const f of [frames[0]!, frames[1]!, frames[1]!, frames[2]!, frames[0]!]) {
    tap.see(packet("callerToCallee", "audio", f));
  }
  const s = tap.snapshot().callerToCallee;
  assert.equal(s.sframe, 5);
  assert.deepEqual(pick(s.ctr), { first: "0", last: "0", increasing: false, notAbove: 2 });
  assert.equal(s.ctr.repeats, 2, "the same CTR twice more: two repeats");
});

test("RtpTap reads VP8 key and delta frames after their descriptor and clear bytes (SPEC §13.7)", () => {
  const tap = new RtpTap();
  const a = sender("caller");
  const descriptors = [
    Uint8Array.of(0x10),
    Uint8Array.of(0x90, 0x80, 0x05),
    Uint8Array.of(0x90, 0x80, 0x81, 0x23),
    Uint8Array.of(0x90, 0xf0, 0x81, 0x23, 0x07, 0x40),
  ];
  let n = 0;
  for (const d of descriptors) {
    tap.see(packet("callerToCallee", "video", cat(d, a.video(KEY_CLEAR, n++))));
    tap.see(packet("callerToCallee", "video", cat(d, a.video(DELTA_CLEAR, n++))));
  }
  // a frame in two packets: the start (no marker: the tag is in the next packet) and a continuation
  const big = a.video(DELTA_CLEAR, n++);
  tap.see(packet("callerToCallee", "video", cat(Uint8Array.of(0x10), big.subarray(0, 8)), false));
  tap.see(packet("callerToCallee", "video", cat(Uint8Array.of(0x00), big.subarray(8)), true));
  // a later partition's first packet (S set, PID 1) continues the frame too
  tap.see(packet("callerToCallee", "video", cat(Uint8Array.of(0x11), MEDIA(99)), true));
  const s = tap.snapshot().callerToCallee;
  assert.deepEqual(
    [s.packets.video, s.frameStarts.video, s.continuations, s.sframe, s.notSframe],
    [11, 9, 2, 9, 0],
    JSON.stringify(s.firstFault),
  );
  assert.deepEqual(pick(s.ctr), { first: "0", last: "8", increasing: true, notAbove: 0 });
});

test("RtpTap: a VP8 frame in clear, or read with the wrong clear length, is not SFrame (controls)", () => {
  const a = sender("caller");
  const see = (payload: Uint8Array, marker = true) => {
    const tap = new RtpTap();
    tap.see(packet("callerToCallee", "video", payload, marker));
    return tap.snapshot().callerToCallee;
  };
  // plaintext key frame: the bytes after the 10 clear ones are media
  assert.equal(see(cat(Uint8Array.of(0x10), KEY_CLEAR, MEDIA(1))).notSframe, 1);
  // a key frame's ciphertext behind a delta frame's tag (P = 1): the header is looked for 7 bytes too early
  const keyAsDelta = Uint8Array.from(a.video(KEY_CLEAR, 0));
  keyAsDelta[0] = 0x51;
  assert.equal(see(cat(Uint8Array.of(0x10), keyAsDelta)).notSframe, 1);
  // a one-packet frame (marker) cut before its tag
  assert.match(see(cat(Uint8Array.of(0x10), a.video(DELTA_CLEAR, 1).subarray(0, 10))).firstFault!.reason, /tag/);
  // a truncated descriptor, and a descriptor with nothing after it
  assert.match(see(Uint8Array.of(0x90, 0x80)).firstFault!.reason, /descriptor/);
  assert.deepEqual([see(Uint8Array.of(0x10)).empty, see(Uint8Array.of(0x10)).notSframe], [1, 0]);
});

test("RtpTap: a packet whose sequence number it just saw is a retransmission, not a second frame", () => {
  const tap = new RtpTap();
  const s = sender("caller");
  const p0 = packet("callerToCallee", "audio", s.audio(0));
  const p1 = packet("callerToCallee", "audio", s.audio(1));
  for (const p of [p0, p1, p1, p0]) tap.see(p);
  const d = tap.snapshot().callerToCallee;
  assert.deepEqual([d.sframe, d.retransmissions, d.ctr.notAbove, d.ctr.increasing], [2, 2, 0, true]);
  // control: the same frames under new sequence numbers are frames again, and their CTRs step back
  tap.see({ ...p0, sequenceNumber: 1000 });
  assert.equal(tap.snapshot().callerToCallee.ctr.notAbove, 1);
});

test("RtpTap: highest is the highest CTR seen, not the last to arrive (a video frame that crossed)", () => {
  const tap = new RtpTap();
  const ctx = profileContext("callee", KEYS);
  const [f0, f1, f2] = [0, 1, 2].map((n) => ctx.seal(1n, MEDIA(n))); // CTRs 0, 1, 2
  tap.see(packet("calleeToCaller", "audio", f0!));
  tap.see(packet("calleeToCaller", "audio", f2!));
  tap.see(packet("calleeToCaller", "video", cat(Uint8Array.of(0x10), DELTA_CLEAR, f1!))); // paced behind audio 2
  const d = tap.snapshot().calleeToCaller;
  assert.deepEqual([d.sframe, d.ctr.last, d.ctr.highest, d.ctr.lowest], [3, "1", "2", "0"]);
});

test("RtpTap: audio and video crossing on the wire is no repeat; a CTR seen again is (RFC 9605 §7.4)", () => {
  const tap = new RtpTap();
  const ctx = profileContext("callee", KEYS);
  const frame = (n: number) => ctx.seal(1n, MEDIA(n)); // one CTR per frame, shared by the kinds: 0, 1, 2, …
  const f = [0, 1, 2, 3].map(frame);
  // video 0 is paced behind audio 1 and 2; video 3 goes last
  for (const [kind, i] of [["audio", 1], ["video", 0], ["audio", 2], ["video", 3]] as const) {
    tap.see(packet("calleeToCaller", kind, kind === "audio" ? f[i]! : cat(Uint8Array.of(0x10), DELTA_CLEAR, f[i]!)));
  }
  let c = tap.snapshot().calleeToCaller.ctr;
  assert.deepEqual([c.lowest, c.repeats, c.notAboveInKind], ["0", 0, { audio: 0, video: 0 }]);
  assert.equal(c.notAbove, 1, "the crossing shows in the single order");
  // a frame sealed again under a CTR already used: a repeat, and out of order in its kind
  const again = profileContext("callee", KEYS); // a sender that starts its CTR over
  const reused = [0, 1, 2].map((n) => again.seal(1n, MEDIA(n)))[2]!; // CTR 2 once more
  tap.see(packet("calleeToCaller", "audio", reused));
  c = tap.snapshot().calleeToCaller.ctr;
  assert.deepEqual([c.repeats, c.notAboveInKind.audio], [1, 1]);
});

test("RtpTap: frames reordered in transit keep their sender's order by sequence number, also across the wrap", () => {
  const tap = new RtpTap();
  const ctx = profileContext("caller", KEYS);
  const at = (seq: number, n: number): ForwardedPacket => ({
    ...packet("callerToCallee", "audio", ctx.seal(0n, MEDIA(n))),
    sequenceNumber: seq,
  });
  const f = [65534, 65535, 0, 1].map((seq, n) => at(seq, n));
  for (const p of [f[1]!, f[0]!, f[3]!, f[2]!]) tap.see(p); // each pair swapped on the way
  let c = tap.snapshot().callerToCallee.ctr;
  assert.deepEqual([c.notAboveInKind.audio, c.repeats], [0, 0]);
  assert.ok(c.notAbove > 0, "the arrival order shows the swaps");
  // control: a CTR that steps back in the sender's own order
  tap.see({
    ...packet("callerToCallee", "audio", profileContext("caller", KEYS).seal(0n, MEDIA(9))),
    sequenceNumber: 2,
  });
  c = tap.snapshot().callerToCallee.ctr;
  assert.deepEqual([c.notAboveInKind.audio, c.repeats], [1, 1]);
});
