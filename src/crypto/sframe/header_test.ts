import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeHeader, encodeHeader } from "./header.ts";
import { MAX_U64 } from "./errors.ts";

const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
const codeOf = (f: () => unknown) => {
  try {
    f();
    return "ok";
  } catch (e) {
    return `${(e as Error).name} ${(e as { code?: string }).code}`;
  }
};

test("encodeHeader() keeps KID and CTR 0-7 in the config byte, larger values in minimal big-endian bytes", () => {
  assert.equal(toHex(encodeHeader(0, 0)), "00");
  assert.equal(toHex(encodeHeader(7n, 7n)), "77");
  assert.equal(toHex(encodeHeader(8, 0)), "8008");
  assert.equal(toHex(encodeHeader(0, 8)), "0808");
  assert.equal(toHex(encodeHeader(MAX_U64, MAX_U64)), "ff" + "ff".repeat(16));
});

test("encodeHeader()/decodeHeader() round-trip every byte length exactly, beyond 2^53", () => {
  for (let bits = 0n; bits <= 64n; bits++) {
    const v = bits === 0n ? 0n : (1n << bits) - 1n;
    for (const [kid, ctr] of [[v, 3n], [5n, v], [v, v]] as const) {
      const h = encodeHeader(kid, ctr);
      assert.deepEqual(decodeHeader(h), { kid, ctr, length: h.length });
    }
  }
  assert.equal(decodeHeader(encodeHeader(2n ** 53n + 1n, 0n)).kid, 2n ** 53n + 1n);
});

test("decodeHeader() rejects a truncated header with SFRAME_BAD_HEADER", () => {
  assert.equal(codeOf(() => decodeHeader(new Uint8Array(0))), "SFrameHeaderError SFRAME_BAD_HEADER");
  assert.equal(codeOf(() => decodeHeader(hex("9901000100").subarray(0, 4))), "SFrameHeaderError SFRAME_BAD_HEADER");
  assert.equal(codeOf(() => decodeHeader(hex("f0ffffffffffffff"))), "SFrameHeaderError SFRAME_BAD_HEADER");
});

test("decodeHeader() rejects non-minimal encodings (a value 0-7 written out, a leading zero byte)", () => {
  for (const h of ["8007", "0805", "900012", "0900ff", "f00000000000000001"]) {
    assert.equal(codeOf(() => decodeHeader(hex(h))), "SFrameHeaderError SFRAME_BAD_HEADER", h);
  }
  assert.equal(codeOf(() => decodeHeader(hex("8008"))), "ok", "control: the minimal form of KID 8 decodes");
});

test("decodeHeader() ignores bytes after the header (the ciphertext)", () => {
  assert.deepEqual(decodeHeader(hex("1701aabb")), { kid: 1n, ctr: 7n, length: 1 });
});

test("encodeHeader() refuses values that are not integers in 0..2^64 − 1", () => {
  for (const bad of [-1, -1n, MAX_U64 + 1n]) {
    assert.equal(codeOf(() => encodeHeader(bad, 0)), "SFrameRangeError SFRAME_BAD_INPUT");
  }
  for (const bad of [1.5, "1", null, 2 ** 53]) {
    assert.equal(codeOf(() => encodeHeader(0, bad as number)), "SFrameTypeError SFRAME_BAD_INPUT", String(bad));
  }
});
