import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { isAllZero } from "./_bytes.ts";
import { plainX25519, seededBytes } from "./_testing/helpers.ts";
import {
  checkSharedSecret,
  generateKeyPair,
  isLowOrderPublicKey,
  LOW_ORDER_PUBLIC_KEYS,
  publicKeyFromPrivate,
  sharedSecret,
} from "./keys.ts";

// RFC 7748 §6.1 test vector
const ALICE_SK = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a";
const ALICE_PK = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a";
const BOB_SK = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
const BOB_PK = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f";
const SHARED = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";

test("publicKeyFromPrivate() and sharedSecret() reproduce RFC 7748 §6.1", () => {
  assert.equal(bytesToHex(publicKeyFromPrivate(hexToBytes(ALICE_SK))), ALICE_PK);
  assert.equal(bytesToHex(publicKeyFromPrivate(hexToBytes(BOB_SK))), BOB_PK);
  assert.equal(bytesToHex(sharedSecret(hexToBytes(ALICE_SK), hexToBytes(BOB_PK))), SHARED);
  assert.equal(bytesToHex(sharedSecret(hexToBytes(BOB_SK), hexToBytes(ALICE_PK))), SHARED);
});

test("plainX25519() (the test ladder) reproduces RFC 7748 §5.2 and agrees with sharedSecret()", () => {
  const k = hexToBytes("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
  const u = hexToBytes("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
  assert.equal(bytesToHex(plainX25519(k, u)), "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
  const rnd = seededBytes("ladder");
  for (let i = 0; i < 5; i++) {
    const a = generateKeyPair(rnd), b = generateKeyPair(rnd);
    assert.deepEqual(plainX25519(a.privateKey, b.publicKey), sharedSecret(a.privateKey, b.publicKey));
  }
});

test("generateKeyPair() gives 32-byte keys, fresh each time, deterministic with a seeded source", () => {
  const a = generateKeyPair(), b = generateKeyPair();
  assert.equal(a.privateKey.length, 32);
  assert.equal(a.publicKey.length, 32);
  assert.notDeepEqual(a.privateKey, b.privateKey);
  assert.deepEqual(generateKeyPair(seededBytes("k")), generateKeyPair(seededBytes("k")));
  assert.deepEqual(sharedSecret(a.privateKey, b.publicKey), sharedSecret(b.privateKey, a.publicKey));
  assert.throws(() => generateKeyPair(() => new Uint8Array(31)), RangeError);
});

test("sharedSecret() rejects keys that are not 32 bytes with E2EE_BAD_KEY", () => {
  const { privateKey, publicKey } = generateKeyPair(seededBytes("len"));
  for (const n of [0, 31, 33, 64]) {
    assert.throws(() => sharedSecret(privateKey, new Uint8Array(n).fill(9)), { code: "E2EE_BAD_KEY" });
    assert.throws(() => sharedSecret(new Uint8Array(n).fill(9), publicKey), { code: "E2EE_BAD_KEY" });
  }
  assert.throws(() => publicKeyFromPrivate(new Uint8Array(31)), { code: "E2EE_BAD_KEY" });
});

test("LOW_ORDER_PUBLIC_KEYS are 14 distinct encodings that the plain RFC 7748 ladder sends to all zero", () => {
  assert.equal(LOW_ORDER_PUBLIC_KEYS.length, 14);
  assert.equal(new Set(LOW_ORDER_PUBLIC_KEYS.map(bytesToHex)).size, 14);
  const rnd = seededBytes("low-order");
  for (const pk of LOW_ORDER_PUBLIC_KEYS) {
    for (let i = 0; i < 3; i++) assert.ok(isAllZero(plainX25519(rnd(32), pk)), bytesToHex(pk));
  }
});

test("sharedSecret() rejects every low-order key with E2EE_LOW_ORDER_KEY", () => {
  const { privateKey } = generateKeyPair(seededBytes("victim"));
  for (const pk of LOW_ORDER_PUBLIC_KEYS) {
    assert.ok(isLowOrderPublicKey(pk));
    assert.throws(() => sharedSecret(privateKey, pk), { code: "E2EE_LOW_ORDER_KEY" }, bytesToHex(pk));
  }
});

test("isLowOrderPublicKey() is false for ordinary keys, whose shared secrets are not zero", () => {
  const rnd = seededBytes("ordinary");
  for (let i = 0; i < 20; i++) {
    const pk = rnd(32);
    assert.ok(!isLowOrderPublicKey(pk));
    assert.ok(!isAllZero(plainX25519(rnd(32), pk)));
  }
  const two = new Uint8Array(32);
  two[0] = 2;
  assert.ok(!isLowOrderPublicKey(two));
});

test("checkSharedSecret() catches the all-zero secret that an unchecked X25519 returns", () => {
  const { privateKey } = generateKeyPair(seededBytes("unchecked"));
  // broken variant: X25519 without any check happily returns the all-zero secret
  const unchecked = plainX25519(privateKey, LOW_ORDER_PUBLIC_KEYS[2]!);
  assert.ok(isAllZero(unchecked));
  assert.throws(() => checkSharedSecret(unchecked), {
    code: "E2EE_LOW_ORDER_KEY",
    message: "Shared secret is all zero: peer key is low order",
  });
  assert.doesNotThrow(() => checkSharedSecret(sharedSecret(hexToBytes(ALICE_SK), hexToBytes(BOB_PK))));
  assert.throws(() => checkSharedSecret(new Uint8Array(16).fill(1)), { code: "E2EE_BAD_INPUT" });
});
