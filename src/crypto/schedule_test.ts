import { test } from "node:test";
import assert from "node:assert/strict";
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { concat } from "./_bytes.ts";
import { seededBytes } from "./_testing/helpers.ts";
import { CONFIRM_KEY_LABELS, keySchedule, NUMBER_LABEL, SFRAME_LABELS } from "./schedule.ts";

const enc = (s: string) => new TextEncoder().encode(s);

/** HKDF written out from RFC 5869 §2.2–2.3 with HMAC, for outputs of at most one block. */
function hkdfByHand(salt: Uint8Array, ikm: Uint8Array, info: string, length: number): Uint8Array {
  const prk = hmac(sha256, salt, ikm);
  return hmac(sha256, prk, concat(enc(info), new Uint8Array([1]))).subarray(0, length);
}

test("keySchedule() is HKDF-SHA256 with salt = th and IKM = ss under its five raw ASCII labels (SPEC §5.5)", () => {
  const rnd = seededBytes("schedule");
  for (let i = 0; i < 10; i++) {
    const ss = rnd(32), th = rnd(32);
    const { okm, confirmKeys, sframeKeys } = keySchedule(ss, th);
    assert.deepEqual(okm, hkdfByHand(th, ss, NUMBER_LABEL, 16));
    assert.deepEqual(confirmKeys.caller, hkdfByHand(th, ss, CONFIRM_KEY_LABELS.caller, 32));
    assert.deepEqual(confirmKeys.callee, hkdfByHand(th, ss, CONFIRM_KEY_LABELS.callee, 32));
    assert.deepEqual(sframeKeys.caller, hkdfByHand(th, ss, SFRAME_LABELS.caller, 32));
    assert.deepEqual(sframeKeys.callee, hkdfByHand(th, ss, SFRAME_LABELS.callee, 32));
    // broken variant: salt and IKM swapped gives other bytes, so the check above would catch it
    assert.notDeepEqual(okm, hkdfByHand(ss, th, NUMBER_LABEL, 16));
  }
});

test("keySchedule() gives unrelated okm, confirm and SFrame keys (distinct labels)", () => {
  const rnd = seededBytes("labels");
  const { okm, confirmKeys, sframeKeys } = keySchedule(rnd(32), rnd(32));
  assert.equal(okm.length, 16);
  const all = [confirmKeys.caller, confirmKeys.callee, sframeKeys.caller, sframeKeys.callee];
  for (const k of all) assert.equal(k.length, 32);
  assert.equal(new Set([okm, ...all].map((k) => k.subarray(0, 16).join())).size, 5);
  assert.equal(NUMBER_LABEL, "ShieldCall v3 verification number");
  assert.equal(SFRAME_LABELS.caller, "ShieldCall v3 caller SFrame base key");
  assert.equal(CONFIRM_KEY_LABELS.callee, "ShieldCall v3 callee confirm key");
});

test("keySchedule() refuses an all-zero shared secret and a wrong-length transcript hash", () => {
  assert.throws(() => keySchedule(new Uint8Array(32), new Uint8Array(32).fill(1)), { code: "E2EE_LOW_ORDER_KEY" });
  assert.throws(() => keySchedule(new Uint8Array(32).fill(1), new Uint8Array(31)), { code: "E2EE_BAD_INPUT" });
  assert.throws(() => keySchedule(new Uint8Array(31).fill(1), new Uint8Array(32)), { code: "E2EE_BAD_INPUT" });
});
