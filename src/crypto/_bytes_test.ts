import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import {
  base64urlDecode,
  base64urlEncode,
  concat,
  constantTimeEqual,
  isAllZero,
  isWellFormedString,
  lp,
  lpString,
  utf8Field,
} from "./_bytes.ts";
import { seededBytes } from "./_testing/helpers.ts";

test("lp() prefixes the 4-byte big-endian length", () => {
  assert.equal(bytesToHex(lp(new Uint8Array(0))), "00000000");
  assert.equal(bytesToHex(lp(hexToBytes("abcd"))), "00000002abcd");
  const long = lp(new Uint8Array(258));
  assert.equal(bytesToHex(long.subarray(0, 4)), "00000102");
  assert.equal(long.length, 262);
});

test("lpString() encodes UTF-8 and counts bytes, not characters", () => {
  assert.equal(bytesToHex(lpString("x", "é")), "00000002c3a9");
  assert.equal(bytesToHex(lpString("x", "☎")), "00000003e2988e");
  assert.equal(bytesToHex(lpString("x", "😀")), "00000004f09f9880");
});

test("utf8Field() rejects a lone surrogate that plain UTF-8 encoding would merge with U+FFFD", () => {
  // broken variant: TextEncoder alone maps two different strings to the same bytes
  const enc = new TextEncoder();
  assert.deepEqual(enc.encode("a\uD800"), enc.encode("a\uFFFD"));
  assert.throws(() => utf8Field("callerId", "a\uD800"), { code: "E2EE_BAD_INPUT" });
  assert.throws(() => utf8Field("callerId", "\uDC00b"), { code: "E2EE_BAD_INPUT" });
  assert.equal(bytesToHex(utf8Field("callerId", "a\uFFFD")), "61efbfbd");
  assert.ok(isWellFormedString("😀"));
  assert.ok(!isWellFormedString("\uDE00\uD83D"));
  assert.throws(() => utf8Field("callId", 5 as unknown as string), TypeError);
});

test("constantTimeEqual() is true only for equal bytes of equal length", () => {
  const a = hexToBytes("00112233445566778899");
  assert.ok(constantTimeEqual(a, a.slice()));
  for (let i = 0; i < a.length; i++) {
    const b = a.slice();
    b[i]! ^= 0x01;
    assert.ok(!constantTimeEqual(a, b), `difference at byte ${i}`);
  }
  assert.ok(!constantTimeEqual(a, a.subarray(0, 9)));
  assert.ok(constantTimeEqual(new Uint8Array(0), new Uint8Array(0)));
});

test("isAllZero() and concat() behave on edge cases", () => {
  assert.ok(isAllZero(new Uint8Array(32)));
  const x = new Uint8Array(32);
  x[31] = 1;
  assert.ok(!isAllZero(x));
  assert.equal(bytesToHex(concat(hexToBytes("01"), new Uint8Array(0), hexToBytes("0203"))), "010203");
});

test("base64urlEncode() matches RFC 4648 §10 and uses the URL alphabet without padding", () => {
  const enc = (s: string) => base64urlEncode(new TextEncoder().encode(s));
  assert.deepEqual(["", "f", "fo", "foo", "foob", "fooba", "foobar"].map(enc), [
    "",
    "Zg",
    "Zm8",
    "Zm9v",
    "Zm9vYg",
    "Zm9vYmE",
    "Zm9vYmFy",
  ]);
  assert.equal(base64urlEncode(hexToBytes("fbff")), "-_8");
});

test("base64urlDecode() round-trips and agrees with the platform base64 for every length 0..64", () => {
  const rnd = seededBytes("base64url");
  for (let n = 0; n <= 64; n++) {
    const bytes = rnd(n);
    const s = base64urlEncode(bytes);
    const platform = btoa(String.fromCharCode(...bytes)).replace(/=+$/, "").replaceAll("+", "-").replaceAll("/", "_");
    assert.equal(s, platform);
    assert.deepEqual(base64urlDecode(s), bytes);
  }
});

test("base64urlDecode() rejects padding, foreign characters, impossible lengths and non-zero trailing bits", () => {
  assert.deepEqual(base64urlDecode("Zm8"), new TextEncoder().encode("fo"));
  // "Zh" and "Zm9" decode to the same bytes as "Zg" and "Zm8" if trailing bits are ignored
  for (const bad of ["Zg==", "Zm9v+", "Zm9v/", "Z", "Zm9vY", "Zh", "Zm9", "Zm9 v", "Zm9v\n"]) {
    assert.throws(() => base64urlDecode(bad), SyntaxError, bad);
  }
});
