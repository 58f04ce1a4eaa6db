import { test } from "node:test";
import assert from "node:assert/strict";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { seededBytes } from "./_testing/helpers.ts";
import { formatNumber, numberFromOkm, numbersEqual, parseNumber } from "./number.ts";

/** Runs the numberFromOkm checks against an implementation; returns the failures. */
function numberFailures(impl: (okm: Uint8Array) => string): string[] {
  const fails: string[] = [];
  const want = (okmHex: string, n: string) => {
    const got = impl(hexToBytes(okmHex));
    if (got !== n) fails.push(`${okmHex}: got ${got}, want ${n}`);
  };
  want("00".repeat(16), "0".repeat(20));
  want("00".repeat(15) + "01", "0".repeat(19) + "1");
  // 2^128 - 1 = 340282366920938463463374607431768211455
  want("ff".repeat(16), "63374607431768211455");
  // 10^20 = 0x56bc75e2d63100000 → 0; 10^20 + 7 → 7
  want("0000000000000005" + "6bc75e2d63100000", "0".repeat(20));
  want("0000000000000005" + "6bc75e2d63100007", "0".repeat(19) + "7");
  const rnd = seededBytes("numbers");
  for (let i = 0; i < 200; i++) {
    const okm = rnd(16);
    want(bytesToHex(okm), (BigInt(`0x${bytesToHex(okm)}`) % 10n ** 20n).toString().padStart(20, "0"));
  }
  return fails;
}

test("numberFromOkm() is the big-endian okm mod 10^20 with leading zeros kept (SPEC §5.6)", () => {
  assert.deepEqual(numberFailures(numberFromOkm), []);
});

test("numberFromOkm()'s checks catch a variant that drops leading zeros or reads little-endian", () => {
  const dropsZeros = (okm: Uint8Array) => (BigInt(`0x${bytesToHex(okm)}`) % 10n ** 20n).toString();
  const littleEndian = (okm: Uint8Array) => numberFromOkm(okm.slice().reverse());
  assert.ok(numberFailures(dropsZeros).length > 0);
  assert.ok(numberFailures(littleEndian).length > 0);
});

test("numberFromOkm() rejects okm that is not 16 bytes", () => {
  assert.throws(() => numberFromOkm(new Uint8Array(15)), { code: "E2EE_BAD_INPUT" });
  assert.throws(() => numberFromOkm(new Uint8Array(32)), { code: "E2EE_BAD_INPUT" });
});

test("formatNumber() shows four groups of five digits", () => {
  assert.equal(formatNumber("04817229305512009384"), "04817 22930 55120 09384");
  assert.equal(formatNumber("04817-22930-55120-09384"), "04817 22930 55120 09384");
  assert.throws(() => formatNumber("4817229305512009384"), { code: "E2EE_BAD_NUMBER" });
});

test("parseNumber() ignores ASCII spaces and hyphens only and needs exactly 20 ASCII digits", () => {
  assert.equal(parseNumber("04817 22930 55120 09384"), "04817229305512009384");
  assert.equal(parseNumber(" 0481-7229 3055--1200 9384 "), "04817229305512009384");
  const bad = [
    "",
    "0481722930551200938",
    "048172293055120093845",
    "04817 22930 55120 0938a",
    "04817\t22930 55120 09384",
    "04817\u00a022930 55120 09384",
    "０４８１７22930551200 9384",
    "٠٤٨١٧229305512009384",
    "+4817229305512009384",
    "04817_22930_55120_09384",
    "04817.22930.55120.09384",
  ];
  for (const s of bad) {
    assert.throws(() => parseNumber(s), { code: "E2EE_BAD_NUMBER" }, JSON.stringify(s));
  }
  assert.throws(() => parseNumber("x"), {
    message: 'Invalid verification number "x": expected 20 digits, spaces and hyphens allowed',
  });
  assert.throws(() => parseNumber(42 as unknown as string), TypeError);
});

test("numbersEqual() compares the 20 digits whatever the grouping", () => {
  assert.ok(numbersEqual("04817 22930 55120 09384", "04817229305512009384"));
  assert.ok(!numbersEqual("04817 22930 55120 09384", "04817 22930 55120 09385"));
  assert.ok(!numbersEqual("14817229305512009384", "04817229305512009384"));
  assert.throws(() => numbersEqual("1", "04817229305512009384"), { code: "E2EE_BAD_NUMBER" });
});
