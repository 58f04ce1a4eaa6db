/**
 * Key confirmation (SPEC §5.9): the committed vectors equal the generator's output, and an independent
 * implementation — WebCrypto's HKDF and AES-GCM, no @noble code — reproduces every key and tag from the vector file;
 * wrong tags, the other role's tag and an all-zero secret are refused.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { hexToBytes } from "@noble/hashes/utils.js";
import { confirmKeys, confirmTag, ownConfirm, verifyPeerConfirm } from "./confirm.ts";
import { generateConfirmVectors } from "./confirm_vectors.ts";
import type { ConfirmVectorFile } from "./confirm_vectors.ts";

const file = JSON.parse(
  readFileSync(new URL("../../fixtures/vectors/confirm.json", import.meta.url), "utf8"),
) as ConfirmVectorFile;
const hex = (b: ArrayBuffer | Uint8Array) =>
  [...new Uint8Array(b)].map((x) => x.toString(16).padStart(2, "0")).join("");
const enc = new TextEncoder();
const lp = (b: Uint8Array) => {
  const out = new Uint8Array(4 + b.length);
  new DataView(out.buffer).setUint32(0, b.length);
  out.set(b, 4);
  return out;
};

/** HKDF-SHA256 and AES-256-GCM by WebCrypto, from the SPEC §5.9 text alone. */
async function independent(ssIn: Uint8Array, thIn: Uint8Array, labels: ConfirmVectorFile["labels"]) {
  const ss = new Uint8Array(ssIn) as Uint8Array<ArrayBuffer>;
  const th = new Uint8Array(thIn) as Uint8Array<ArrayBuffer>;
  const ikm = await crypto.subtle.importKey("raw", ss, "HKDF", false, ["deriveBits"]);
  const key = async (label: string) =>
    new Uint8Array(
      await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: th, info: enc.encode(label) }, ikm, 256),
    );
  const tag = async (k: Uint8Array<ArrayBuffer>) => {
    const ck = await crypto.subtle.importKey("raw", k, "AES-GCM", false, ["encrypt"]);
    const aad = new Uint8Array([...lp(enc.encode(labels.aad)), ...lp(th)]);
    return new Uint8Array(
      await crypto.subtle.encrypt(
        { name: "AES-GCM", iv: new Uint8Array(12), additionalData: aad, tagLength: 128 },
        ck,
        new Uint8Array(0),
      ),
    );
  };
  const caller = await key(labels.caller);
  const callee = await key(labels.callee);
  return { caller, callee, callerTag: await tag(caller), calleeTag: await tag(callee) };
}

describe("key confirmation (SPEC §5.9)", () => {
  test("fixtures/vectors/confirm.json is what the generator produces", () => {
    assert.deepEqual(file, generateConfirmVectors());
  });

  test("WebCrypto reproduces every key and tag of the vector file", async () => {
    for (const v of file.vectors) {
      const w = await independent(hexToBytes(v.ss), hexToBytes(v.th), file.labels);
      assert.equal(hex(w.caller), v.callerKey, v.name);
      assert.equal(hex(w.callee), v.calleeKey, v.name);
      assert.equal(hex(w.callerTag), v.callerTag, v.name);
      assert.equal(hex(w.calleeTag), v.calleeTag, v.name);
    }
  });

  test("Each side accepts the peer's tag and refuses a flipped bit, its own tag, and a short tag", () => {
    for (const v of file.vectors) {
      const th = hexToBytes(v.th);
      const keys = confirmKeys(hexToBytes(v.ss), th);
      verifyPeerConfirm("caller", keys, th, hexToBytes(v.calleeTag));
      verifyPeerConfirm("callee", keys, th, hexToBytes(v.callerTag));
      assert.throws(() => verifyPeerConfirm("callee", keys, th, hexToBytes(v.badTag)), { code: "E2EE_CONFIRM_FAILED" });
      assert.throws(() => verifyPeerConfirm("caller", keys, th, hexToBytes(v.callerTag)), {
        code: "E2EE_CONFIRM_FAILED",
      }, "a reflected tag");
      assert.throws(() => verifyPeerConfirm("caller", keys, th, hexToBytes(v.calleeTag).subarray(0, 15)), {
        code: "E2EE_CONFIRM_FAILED",
      });
    }
  });

  test("A transcript or secret that differs (a man in the middle) gives a tag that does not verify", () => {
    const v = file.vectors[0]!;
    const th = hexToBytes(v.th);
    const other = th.slice();
    other[0]! ^= 1;
    const keys = confirmKeys(hexToBytes(v.ss), th);
    assert.throws(
      () => verifyPeerConfirm("caller", keys, th, ownConfirm("callee", confirmKeys(hexToBytes(v.ss), other), other)),
      { code: "E2EE_CONFIRM_FAILED" },
    );
    assert.notEqual(hex(confirmTag(keys.caller, th)), hex(confirmTag(keys.caller, other)));
  });

  test("An all-zero shared secret derives no confirm key", () => {
    assert.throws(() => confirmKeys(new Uint8Array(32), new Uint8Array(32)), { code: "E2EE_LOW_ORDER_KEY" });
  });
});
