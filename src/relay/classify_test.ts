import { test } from "node:test";
import assert from "node:assert/strict";
import { classifyPacket, headerLength, PACKET_CLASSES } from "./classify.ts";

test("classifyPacket() follows the RFC 7983 ranges at every boundary", () => {
  const expect = (b: number) => b <= 3 ? "stun" : b >= 20 && b <= 63 ? "dtls" : b >= 128 && b <= 191 ? "srtp" : "other";
  for (let b = 0; b <= 255; b++) assert.equal(classifyPacket(b), expect(b), `byte ${b}`);
  assert.equal(classifyPacket(3), "stun");
  assert.equal(classifyPacket(4), "other");
  assert.equal(classifyPacket(19), "other");
  assert.equal(classifyPacket(20), "dtls");
  assert.equal(classifyPacket(63), "dtls");
  assert.equal(classifyPacket(64), "other");
  assert.equal(classifyPacket(127), "other");
  assert.equal(classifyPacket(128), "srtp");
  assert.equal(classifyPacket(191), "srtp");
  assert.equal(classifyPacket(192), "other");
});

test('classifyPacket() answers "other" for values that are not a byte', () => {
  for (const v of [-1, 256, 1.5, Number.NaN, Infinity]) assert.equal(classifyPacket(v), "other");
});

test("headerLength() protects each class's fixed header", () => {
  assert.deepEqual(PACKET_CLASSES.map(headerLength), [20, 13, 12, 0]);
});
