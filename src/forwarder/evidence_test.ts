import { test } from "node:test";
import assert from "node:assert/strict";
import { sha256 } from "@noble/hashes/sha2.js";
import { profileContext, sframeSenderKeys } from "../crypto/sframe/mod.ts";
import { seenOnlyCiphertext } from "./evidence.ts";

const enc = new TextEncoder();
const MARKER = enc.encode("MEDIA|");
const KEYS = sframeSenderKeys(sha256(enc.encode("call")));
const GUESS = sframeSenderKeys(new Uint8Array(32));
const frame = (n: number) => enc.encode(`MEDIA|caller|audio|${n}|` + "x".repeat(60));
const check = { plaintextMarker: MARKER, forwarderKeys: [GUESS] };

function sealed(keys = KEYS, n = 5): Uint8Array[] {
  const ctx = profileContext("caller", keys);
  return Array.from({ length: n }, (_, i) => ctx.seal(0n, frame(i)));
}

test("seenOnlyCiphertext() accepts SFrame ciphertexts under keys the forwarder does not hold", () => {
  const v = seenOnlyCiphertext(sealed(), check);
  assert.equal(v.ok, true, v.actual);
  assert.equal(v.checked, 5);
});

test("seenOnlyCiphertext() fails on plaintext frames (control)", () => {
  const v = seenOnlyCiphertext([...sealed(), frame(9)], check);
  assert.equal(v.ok, false);
  assert.equal(v.index, 5);
});

test("seenOnlyCiphertext() fails on a plaintext frame that happens to parse as an SFrame header under a sender's KID", () => {
  // config byte 0x01: KID 0, CTR 1; the rest is the media in clear
  const p = new Uint8Array([0x01, ...frame(1)]);
  const v = seenOnlyCiphertext([p], check);
  assert.equal(v.ok, false);
  assert.match(v.actual, /in clear/);
});

test("seenOnlyCiphertext() fails on frames sealed under a key the forwarder could hold", () => {
  const v = seenOnlyCiphertext(sealed(GUESS, 1), check);
  assert.equal(v.ok, false);
  assert.match(v.actual, /opens under a key the forwarder could hold/);
});

test("seenOnlyCiphertext() fails on a truncated frame, a foreign KID, and an empty list", () => {
  const [one] = sealed(KEYS, 1);
  assert.match(seenOnlyCiphertext([one!.subarray(0, 10)], check).actual, /cannot hold/);
  assert.match(seenOnlyCiphertext([new Uint8Array([0x50, 1, 2])], check).actual, /KID "5"/);
  assert.match(seenOnlyCiphertext([new Uint8Array(0)], check).actual, /no SFrame header/);
  assert.equal(seenOnlyCiphertext([], check).ok, false);
});
