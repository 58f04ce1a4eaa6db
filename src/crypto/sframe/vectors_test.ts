/**
 * fixtures/vectors/sframe.json against the reference (SPEC §13): every RFC 9605 Appendix C vector (C.1 headers,
 * C.2 AES-CTR + HMAC, C.3 frames with their intermediate values), the generated `shieldcall` section (equal to the
 * generator's output, every profile vector recomputed with node:crypto, every negative case replayed).
 * SHIELDCALL_WRITE_VECTORS=1 rewrites the generated section.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createCipheriv, createHmac } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import * as sf from "./mod.ts";
import { generateProfileVectors } from "./vectors.ts";

const FILE = new URL("../../../fixtures/vectors/sframe.json", import.meta.url);
const file = JSON.parse(readFileSync(FILE, "utf8"));
const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
type Rec = Record<string, string> & { cipherSuite: number };

/** Every mismatch between the reference and the RFC section `rfc` (empty = all reproduced). */
function checkRfc(rfc: { header: Rec[]; aesCtrHmac: Rec[]; sframe: Rec[] }): string[] {
  const bad: string[] = [];
  for (const h of rfc.header) {
    const d = sf.decodeHeader(hex(h.header));
    if (toHex(sf.encodeHeader(BigInt(h.kid), BigInt(h.ctr))) !== h.header) bad.push(`C.1 encode ${h.kid} ${h.ctr}`);
    if (d.kid !== BigInt(h.kid) || d.ctr !== BigInt(h.ctr) || d.length * 2 !== h.header.length) {
      bad.push(`C.1 decode ${h.header}`);
    }
  }
  for (const v of rfc.aesCtrHmac) {
    const s = sf.cipherSuite(v.cipherSuite);
    if (toHex(hex(v.key).subarray(0, s.nka)) !== v.encKey || toHex(hex(v.key).subarray(s.nka)) !== v.authKey) {
      bad.push(`C.2 subkeys ${v.cipherSuite}`);
    }
    if (toHex(sf.aeadEncrypt(s, hex(v.key), hex(v.nonce), hex(v.aad), hex(v.pt))) !== v.ct) {
      bad.push(`C.2 ${v.cipherSuite}`);
    }
    const pt = sf.aeadDecrypt(s, hex(v.key), hex(v.nonce), hex(v.aad), hex(v.ct));
    if (!pt || toHex(pt) !== v.pt) bad.push(`C.2 decrypt ${v.cipherSuite}`);
  }
  for (const v of rfc.sframe) {
    const s = sf.cipherSuite(v.cipherSuite), kid = BigInt(v.kid), ctr = BigInt(v.ctr);
    const d = sf.deriveKeySalt(s, kid, hex(v.baseKey));
    const got: Record<string, string> = {
      sframeKeyLabel: toHex(d.keyLabel),
      sframeSaltLabel: toHex(d.saltLabel),
      sframeSecret: toHex(d.sframeSecret),
      sframeKey: toHex(d.sframeKey),
      sframeSalt: toHex(d.sframeSalt),
      nonce: toHex(sf.frameNonce(d.sframeSalt, ctr)),
      aad: toHex(sf.encodeHeader(kid, ctr)) + v.metadata,
      ct: toHex(sf.sealFrame(s, d, kid, ctr, hex(v.pt), hex(v.metadata))),
    };
    for (const [k, x] of Object.entries(got)) if (x !== v[k]) bad.push(`C.3 suite ${v.cipherSuite} ${k}`);
    const rx = new sf.SFrameContext(v.cipherSuite);
    rx.addDecryptKey(kid, hex(v.baseKey));
    if (toHex(rx.open(hex(v.ct), hex(v.metadata)).plaintext) !== v.pt) bad.push(`C.3 suite ${v.cipherSuite} open`);
  }
  return bad;
}

test("the reference reproduces every RFC 9605 Appendix C vector in sframe.json", () => {
  assert.equal(file.rfc9605.header.length, 289);
  assert.equal(file.rfc9605.aesCtrHmac.length, 3);
  assert.deepEqual(file.rfc9605.sframe.map((v: Rec) => v.cipherSuite), [1, 2, 3, 4, 5]);
  assert.deepEqual(checkRfc(file.rfc9605), []);
});

test("the RFC vector check catches a changed header, tag and salt (broken variants)", () => {
  const broken = structuredClone(file.rfc9605);
  const flipLast = (s: string) => s.slice(0, -1) + (parseInt(s.slice(-1), 16) ^ 1).toString(16);
  broken.header[200].header = flipLast(broken.header[200].header);
  broken.aesCtrHmac[2].ct = flipLast(broken.aesCtrHmac[2].ct);
  broken.sframe[4].sframeSalt = flipLast(broken.sframe[4].sframeSalt);
  // the header and the C.2 ciphertext fail twice each (encode and decode; encrypt and decrypt), the salt once
  assert.deepEqual(checkRfc(broken), [
    "C.1 encode 0x0000010000000000 0x0001000000000000",
    "C.1 decode de01000000000001000000000001",
    "C.2 3",
    "C.2 decrypt 3",
    "C.3 suite 5 sframeSalt",
  ]);
});

test("the shieldcall section of sframe.json is the generator's output", () => {
  const gen = generateProfileVectors(file.rfc9605.sframe);
  if (process.env.SHIELDCALL_WRITE_VECTORS === "1") {
    writeFileSync(FILE, JSON.stringify({ ...file, shieldcall: gen }, null, 2) + "\n");
  }
  assert.deepEqual(file.shieldcall, JSON.parse(JSON.stringify(gen)));
});

/** HKDF-Extract / HKDF-Expand (one block) with node:crypto, an implementation independent of @noble/hashes. */
const extract = (salt: Uint8Array, ikm: Uint8Array) => createHmac("sha256", salt).update(ikm).digest();
const expand1 = (prk: Uint8Array, info: Uint8Array, n: number) =>
  createHmac("sha256", prk).update(info).update(new Uint8Array([1])).digest().subarray(0, n);

test("every profile vector recomputed with node:crypto (HKDF, AES-128-GCM)", () => {
  const utf8 = (s: string) => new TextEncoder().encode(s);
  for (const v of file.shieldcall.profile) {
    const prk = extract(hex(v.th), hex(v.ss));
    assert.equal(toHex(prk), v.prk, v.name);
    for (const role of ["caller", "callee"] as const) {
      const side = v[role];
      assert.equal(side.kid, role === "caller" ? "0x0000000000000000" : "0x0000000000000001");
      assert.equal(toHex(expand1(prk, utf8(`ShieldCall v3 ${role} SFrame base key`), 32)), side.baseKey);
      const secret = extract(new Uint8Array(0), hex(side.baseKey));
      const label = (p: string) => [...utf8(p), ...hex(side.kid.slice(2)), 0, 4];
      const key = expand1(secret, new Uint8Array(label("SFrame 1.0 Secret key ")), 16);
      const salt = expand1(secret, new Uint8Array(label("SFrame 1.0 Secret salt ")), 12);
      assert.equal(toHex(key), side.sframeKey);
      assert.equal(toHex(salt), side.sframeSalt);
      for (const f of side.frames) {
        const header = hex(toHex(sf.encodeHeader(BigInt(side.kid), BigInt(f.ctr))));
        const nonce = salt.map((b, i) => (i === 11 ? b ^ Number(BigInt(f.ctr)) : b));
        const c = createCipheriv("aes-128-gcm", key, nonce).setAAD(header);
        const body = Buffer.concat([c.update(hex(f.pt)), c.final(), c.getAuthTag()]);
        assert.equal(toHex(header) + body.toString("hex"), f.ct, `${v.name} ${role} ${f.ctr}`);
      }
    }
    const keys = sf.sframeSenderKeys(hex(v.prk));
    const callee = sf.profileContext("callee", keys);
    assert.equal(
      new TextDecoder().decode(callee.open(hex(v.caller.frames[0].ct)).plaintext),
      "ShieldCall SFrame caller frame 0",
    );
  }
});

test("every negative case: the receiver drops each bad frame with its code, opens the good one once", () => {
  for (const c of file.shieldcall.negative) {
    const rx = new sf.SFrameContext(c.cipherSuite);
    rx.addDecryptKey(BigInt(c.kid), hex(c.baseKey));
    for (const f of c.frames) {
      let got = "ok";
      try {
        rx.open(hex(f.frame), hex(f.metadata));
      } catch (e) {
        got = (e as { code?: string }).code ?? String(e);
      }
      assert.equal(got, f.expect, `${c.name}: ${f.what}`);
    }
  }
});
