import { test } from "node:test";
import assert from "node:assert/strict";
import { crc32 } from "./_crc32.ts";

test("crc32() matches the IEEE check value", () => {
  assert.equal(crc32(new TextEncoder().encode("123456789")), 0xcbf43926);
  assert.equal(crc32(new Uint8Array(0)), 0);
});
