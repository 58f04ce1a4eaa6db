import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeUtf8, isId, utf8Length } from "./_common.ts";

test("utf8Length() equals TextEncoder's byte count, lone surrogates included", () => {
  const enc = new TextEncoder();
  const samples = ["", "a", "é", "€", "\u{1F600}", "\ud800", "\udc00", "a\ud800b", "\ud800\ud800\udc00", "x\u{10FFFF}"];
  let seed = 7;
  for (let i = 0; i < 500; i++) {
    let s = "";
    for (let j = 0; j < 20; j++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      s += String.fromCharCode(seed % 4 === 0 ? 0xd800 + (seed >>> 8) % 0x800 : (seed >>> 8) % 0x10000);
    }
    samples.push(s);
  }
  for (const s of samples) assert.equal(utf8Length(s), enc.encode(s).length, JSON.stringify(s));
});

test("utf8Length() stops counting past the limit", () => {
  assert.ok(utf8Length("é".repeat(1000), 10) > 10);
  assert.ok(utf8Length("é".repeat(1000), 10) < 2000);
});

test("decodeUtf8() rejects invalid UTF-8 and keeps a BOM", () => {
  assert.equal(decodeUtf8(Uint8Array.from([0xc3, 0xa9])), "é");
  assert.equal(decodeUtf8(Uint8Array.from([0xc3])), null);
  assert.equal(decodeUtf8(Uint8Array.from([0xed, 0xa0, 0x80])), null); // encoded surrogate
  assert.equal(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x7b])), "\ufeff{");
});

test("isId() follows SPEC §6 ids", () => {
  assert.ok(isId("a") && isId("A-z_0.9:@") && isId("x".repeat(128)));
  for (const v of ["", "x".repeat(129), "a b", "é", 1, null]) assert.ok(!isId(v));
});
