import { test } from "node:test";
import assert from "node:assert/strict";
import { latency32, low32Ms } from "./mod.ts";

test("low32Ms() keeps the low 32 bits of a millisecond timestamp", () => {
  assert.equal(low32Ms(0), 0);
  assert.equal(low32Ms(2 ** 32 + 7), 7);
  assert.equal(low32Ms(1_700_000_000_123), 1_700_000_000_123 % 2 ** 32);
  assert.equal(low32Ms(-1), 2 ** 32 - 1);
  assert.equal(low32Ms(5.9), 5);
  assert.throws(() => low32Ms(Number.POSITIVE_INFINITY), RangeError);
});

test("latency32() subtracts across the 2^32 wrap and reads a sender slightly ahead as negative", () => {
  assert.equal(latency32(2 ** 32 - 5, 2 ** 32 + 10), 15);
  assert.equal(latency32(low32Ms(2 ** 33 - 5), 2 ** 33 + 10), 15);
  assert.equal(latency32(1000, 990), -10);
  assert.equal(latency32(2 ** 31, 0), -(2 ** 31));
  assert.equal(latency32(0, 2 ** 31 - 1), 2 ** 31 - 1);
});
