import { test } from "node:test";
import assert from "node:assert/strict";
import { profileContext, sframePrk, sframeSenderKeys } from "./profile.ts";

const prk = sframePrk(new Uint8Array(32).fill(1), new Uint8Array(32).fill(2));
const code = (f: () => unknown) => {
  try {
    f();
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
};

test("sframeSenderKeys() gives caller and callee distinct base keys under KIDs 0 and 1", () => {
  const k = sframeSenderKeys(prk);
  assert.equal(k.caller.kid, 0n);
  assert.equal(k.callee.kid, 1n);
  assert.equal(k.caller.baseKey.length, 32);
  assert.notDeepEqual(k.caller.baseKey, k.callee.baseKey);
  assert.notDeepEqual(sframeSenderKeys(sframePrk(new Uint8Array(32).fill(1), new Uint8Array(32).fill(3))), k);
});

test("profileContext(): each side opens the other's frames and never its own", () => {
  const k = sframeSenderKeys(prk);
  const a = profileContext("caller", k), b = profileContext("callee", k);
  const fa = a.seal(0, new Uint8Array([1, 2, 3])), fb = b.seal(1, new Uint8Array([4]));
  assert.deepEqual(b.open(fa).plaintext, new Uint8Array([1, 2, 3]));
  assert.deepEqual(a.open(fb).plaintext, new Uint8Array([4]));
  assert.equal(code(() => a.open(a.seal(0, new Uint8Array(1)))), "SFRAME_UNKNOWN_KID");
  assert.equal(code(() => b.seal(0, new Uint8Array(1))), "SFRAME_BAD_INPUT", "the callee cannot send as the caller");
});

test("a callee given the caller's key for KID 1 is caught: the frames do not open (broken variant)", () => {
  const k = sframeSenderKeys(prk);
  const oneKey = { caller: k.caller, callee: { kid: 1n, baseKey: k.caller.baseKey } };
  const b = profileContext("callee", oneKey), a = profileContext("caller", k);
  assert.equal(code(() => a.open(b.seal(1, new Uint8Array(1)))), "SFRAME_AUTH_FAILED");
});

test("sframePrk() and sframeSenderKeys() refuse inputs of the wrong length", () => {
  assert.equal(code(() => sframePrk(new Uint8Array(31), new Uint8Array(32))), "SFRAME_BAD_INPUT");
  assert.equal(code(() => sframeSenderKeys(new Uint8Array(33))), "SFRAME_BAD_INPUT");
});
