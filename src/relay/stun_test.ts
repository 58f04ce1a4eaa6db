import { test } from "node:test";
import assert from "node:assert/strict";
import { isAuthenticatedCheck } from "./stun.ts";
import { bindingRequest } from "./_testing/stun_fixtures.ts";

const receiver = { ufrag: "RcvR", pwd: "receiver-password-0123456789" };

test("isAuthenticatedCheck accepts a Binding request signed with the receiver's ICE password", () => {
  const p = bindingRequest("RcvR:Sndr", receiver.pwd);
  assert.equal(isAuthenticatedCheck(p, receiver), true);
  assert.equal(isAuthenticatedCheck(p, receiver, "Sndr"), true);
});

test("isAuthenticatedCheck refuses a wrong password, a wrong username, a tampered byte and a truncation", () => {
  assert.equal(isAuthenticatedCheck(bindingRequest("RcvR:Sndr", "another-password-xxxxxxxx"), receiver), false);
  assert.equal(isAuthenticatedCheck(bindingRequest("Othr:Sndr", receiver.pwd), receiver), false);
  assert.equal(isAuthenticatedCheck(bindingRequest("RcvR:Sndr", receiver.pwd), receiver, "Else"), false);
  assert.equal(isAuthenticatedCheck(bindingRequest("RcvR", receiver.pwd), receiver), false);
  const p = bindingRequest("RcvR:Sndr", receiver.pwd);
  p[17] ^= 1; // transaction id is covered by the HMAC
  assert.equal(isAuthenticatedCheck(p, receiver), false);
  const q = bindingRequest("RcvR:Sndr", receiver.pwd);
  assert.equal(isAuthenticatedCheck(q.subarray(0, q.length - 4), receiver), false);
  const r = bindingRequest("RcvR:Sndr", receiver.pwd);
  r[1] = 0x01 | 0x00;
  r[0] = 0x01; // a Binding success response, not a request
  assert.equal(isAuthenticatedCheck(r, receiver), false);
});

test("isAuthenticatedCheck never throws on arbitrary bytes", () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) >>> 0) & 0xff;
  const base = bindingRequest("RcvR:Sndr", receiver.pwd);
  for (let i = 0; i < 3000; i++) {
    const p = i % 2 ? base.slice(0, rnd() % (base.length + 1)) : Uint8Array.from({ length: rnd() }, rnd);
    if (i % 3 === 0 && p.length > 0) p[rnd() % p.length] = rnd();
    assert.equal(typeof isAuthenticatedCheck(p, receiver), "boolean");
  }
});
