import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ShieldCallError } from "../errors.ts";
import type { EncodingImpl } from "./_encoding_vector_types.ts";
import { generateEncodingVectors, referenceEncodingImpl, verifyEncodingVectors } from "./encoding_vectors.ts";

const FILE = new URL("../../fixtures/vectors/encoding.json", import.meta.url);
const generated = generateEncodingVectors();

test("fixtures/vectors/encoding.json equals generateEncodingVectors() and verifies", () => {
  assert.deepEqual(JSON.parse(readFileSync(FILE, "utf8")), generated, "regenerate with `shieldcall vectors generate`");
  assert.deepEqual(verifyEncodingVectors(generated), []);
});

test("encoding vectors: bit-255-set and non-canonical keys are accepted, the 14 low-order encodings refused", () => {
  const keys = generated.keys;
  assert.equal(keys.filter((k) => k.error === "E2EE_LOW_ORDER_KEY").length, 14);
  for (const k of keys.filter((x) => !x.name.startsWith("low-order-"))) {
    assert.match(k.sharedSecret ?? "", /^[0-9a-f]{64}$/, k.name);
  }
});

const broken: Array<[string, Partial<EncodingImpl>, string]> = [
  ["a decoder that accepts padding", {
    base64urlDecode: (s) => referenceEncodingImpl.base64urlDecode(s.replace(/=+$/, "")),
  }, "base64url"],
  ["a parser that ignores every whitespace", {
    parseNumber: (s) => referenceEncodingImpl.parseNumber(s.replace(/\s/g, "")),
  }, "numbers"],
  ["a key check that rejects bit 255", {
    sharedSecret: (sk, pk) => {
      if (pk[31]! & 0x80) throw new ShieldCallError("E2EE_BAD_KEY", "Bit 255 set");
      return referenceEncodingImpl.sharedSecret(sk, pk);
    },
  }, "keys"],
  ["a length check with the §6 code", {
    lengthStep: (step, field, length) => {
      try {
        referenceEncodingImpl.lengthStep(step, field, length);
      } catch {
        throw new ShieldCallError("PROTO_INVALID", "Wrong length");
      }
    },
  }, "lengths"],
  ["a fingerprint parser that takes the first line only", {
    fingerprintFromSdp: (sdp) => {
      const line = sdp.split(/\r?\n/).find((l) => l.toLowerCase().startsWith("a=fingerprint:sha-256 "));
      if (!line) throw new ShieldCallError("E2EE_BAD_FINGERPRINT", "None");
      return line.slice(22).trim().toUpperCase();
    },
  }, "fingerprints"],
];

for (const [what, patch, section] of broken) {
  test(`verifyEncodingVectors() catches ${what}`, () => {
    const bad = verifyEncodingVectors(generated, { ...referenceEncodingImpl, ...patch });
    assert.ok(bad.length > 0);
    assert.ok(bad.every((m) => m.section === section), JSON.stringify(bad.slice(0, 3)));
  });
}
