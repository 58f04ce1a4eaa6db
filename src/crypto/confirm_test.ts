/**
 * Key confirmation (SPEC §5.9): the committed vectors equal the generator's output and are chained to the handshake
 * vectors; an independent implementation — WebCrypto's HKDF and HMAC, no @noble code — reproduces every key and tag
 * from the handshake vector's shared secret and transcript hash; every check (peer tag, reflected, wrong role label,
 * wrong version, other call, duplicate, bit flip, short) has its stated outcome, and broken verifiers are caught.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { hexToBytes } from "@noble/hashes/utils.js";
import { confirmKeys, confirmTag, ownConfirm, PeerConfirmCheck, verifyPeerConfirm } from "./confirm.ts";
import { generateConfirmVectors, runConfirmChecks } from "./confirm_vectors.ts";
import type { ConfirmVectorFile } from "./confirm_vectors.ts";
import { generateVectors } from "./vectors.ts";

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

/** HKDF-SHA256 and HMAC-SHA256 by WebCrypto, from the SPEC §5.5 and §5.9 text alone. */
async function independent(ssIn: Uint8Array, thIn: Uint8Array, labels: ConfirmVectorFile["labels"]) {
  const ss = new Uint8Array(ssIn) as Uint8Array<ArrayBuffer>;
  const th = new Uint8Array(thIn) as Uint8Array<ArrayBuffer>;
  const ikm = await crypto.subtle.importKey("raw", ss, "HKDF", false, ["deriveBits"]);
  const key = async (label: string) =>
    new Uint8Array(
      await crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt: th, info: enc.encode(label) }, ikm, 256),
    );
  const tag = async (k: Uint8Array<ArrayBuffer>, label: string) => {
    const mk = await crypto.subtle.importKey("raw", k, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return new Uint8Array(await crypto.subtle.sign("HMAC", mk, new Uint8Array([...lp(enc.encode(label)), ...lp(th)])));
  };
  const kA = await key(labels.confirmKey.caller);
  const kB = await key(labels.confirmKey.callee);
  return { kA, kB, tagA: await tag(kA, labels.tag.caller), tagB: await tag(kB, labels.tag.callee) };
}

describe("key confirmation (SPEC §5.9)", () => {
  test("fixtures/vectors/confirm.json is what the generator produces", () => {
    assert.deepEqual(file, generateConfirmVectors());
  });

  test("each confirm vector carries its handshake vector's th, kA, kB, tagA and tagB (one chain)", () => {
    const hv = generateVectors().vectors;
    for (const v of file.vectors) {
      const h = hv.find((x) => x.name === v.handshake)!;
      for (const side of [h.caller!, h.callee!]) {
        assert.equal(side.transcriptHash, v.th, v.name);
        assert.deepEqual([side.callerConfirmKey, side.calleeConfirmKey], [v.kA, v.kB], v.name);
        assert.deepEqual([side.callerTag, side.calleeTag], [v.tagA, v.tagB], v.name);
      }
    }
  });

  test("WebCrypto reproduces every key and tag from the handshake vector's ss and th", async () => {
    const hv = generateVectors().vectors;
    for (const v of file.vectors) {
      const h = hv.find((x) => x.name === v.handshake)!;
      const w = await independent(hexToBytes(h.caller!.sharedSecret!), hexToBytes(v.th), file.labels);
      assert.deepEqual([hex(w.kA), hex(w.kB), hex(w.tagA), hex(w.tagB)], [v.kA, v.kB, v.tagA, v.tagB], v.name);
    }
  });

  test("every check of the file has its stated outcome under PeerConfirmCheck", () => {
    assert.ok(file.vectors.every((v) => v.checks.length >= 10));
    assert.deepEqual(runConfirmChecks(file), []);
  });

  test("the checks catch broken verifiers: own-role key, no duplicate rule, a prefix compare", () => {
    const run = (verify: typeof verifyPeerConfirm, once = true) => {
      const bad: string[] = [];
      for (const v of file.vectors) {
        const keys = { caller: hexToBytes(v.kA), callee: hexToBytes(v.kB) };
        for (const c of v.checks) {
          const check = new PeerConfirmCheck(c.verifier, keys, hexToBytes(v.th), verify);
          const got = c.tags.map((t) => {
            try {
              if (once) check.check(hexToBytes(t));
              else verify(c.verifier, keys, hexToBytes(v.th), hexToBytes(t));
              return "ok";
            } catch {
              return "E2EE_CONFIRM_FAILED";
            }
          });
          if (got.join() !== c.results.join()) bad.push(c.name);
        }
      }
      return new Set(bad);
    };
    // broken: verifies under its own role's key and label (accepts a reflected tag)
    const ownRole: typeof verifyPeerConfirm = (role, keys, th, tag) =>
      verifyPeerConfirm(role === "caller" ? "callee" : "caller", keys, th, tag);
    assert.ok(run(ownRole).has("reflected-to-caller"));
    // broken: no one-tag rule
    assert.deepEqual([...run(verifyPeerConfirm, false)], ["duplicate"]);
    // broken: compares the first 16 bytes only
    const prefix: typeof verifyPeerConfirm = (role, keys, th, tag) => {
      const peer = role === "caller" ? "callee" : "caller";
      if (hex(confirmTag(peer, keys[peer], th).subarray(0, 16)) !== hex(tag.subarray(0, 16))) throw new Error("no");
    };
    assert.ok(run(prefix).has("short"));
    assert.ok(run(prefix).has("bit-flip"));
  });

  test("A transcript or secret that differs (a man in the middle) gives a tag that does not verify", () => {
    const v = file.vectors[0]!;
    const th = hexToBytes(v.th);
    const other = th.slice();
    other[0]! ^= 1;
    const keys = { caller: hexToBytes(v.kA), callee: hexToBytes(v.kB) };
    const ss = new Uint8Array(32).fill(7);
    assert.throws(
      () => verifyPeerConfirm("caller", keys, th, ownConfirm("callee", confirmKeys(ss, other), other)),
      { code: "E2EE_CONFIRM_FAILED" },
    );
    assert.notEqual(hex(confirmTag("caller", keys.caller, th)), hex(confirmTag("caller", keys.caller, other)));
    assert.notEqual(hex(confirmTag("caller", keys.caller, th)), hex(confirmTag("callee", keys.caller, th)));
  });

  test("An all-zero shared secret derives no confirm key; a failed check stays failed", () => {
    assert.throws(() => confirmKeys(new Uint8Array(32), new Uint8Array(32)), { code: "E2EE_LOW_ORDER_KEY" });
    const v = file.vectors[0]!;
    const c = new PeerConfirmCheck("caller", { caller: hexToBytes(v.kA), callee: hexToBytes(v.kB) }, hexToBytes(v.th));
    assert.throws(() => c.check(hexToBytes(v.tagA)), { code: "E2EE_CONFIRM_FAILED" });
    assert.throws(() => c.check(hexToBytes(v.tagB)), { code: "E2EE_CONFIRM_FAILED" });
    assert.equal(c.state, "failed");
  });
});
