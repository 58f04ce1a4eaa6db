import { test } from "node:test";
import assert from "node:assert/strict";
import { concatBytes } from "@noble/hashes/utils.js";
import { DtlsCertificateWatcher, formatFingerprint, parseCertificateList } from "./dtls.ts";
import { certificateBody, fakeDer, fp, fragment, record } from "./_testing/dtls_fixtures.ts";

test("formatFingerprint() writes upper-case colon-separated hex", () => {
  assert.equal(formatFingerprint(new Uint8Array([0xab, 0x01, 0xff])), "AB:01:FF");
});

test("DtlsCertificateWatcher.feed() fingerprints a certificate in one record", () => {
  const der = fakeDer(400, 1);
  const w = new DtlsCertificateWatcher();
  const found = w.feed(record(22, fragment(11, 2, certificateBody([der]))));
  assert.deepEqual(found, [fp(der)]);
  assert.deepEqual(w.fingerprints, [fp(der)]);
  assert.match(found[0], /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
});

test("DtlsCertificateWatcher.feed() fingerprints every certificate of a chain, leaf first", () => {
  const leaf = fakeDer(300, 2);
  const ca = fakeDer(350, 3);
  const w = new DtlsCertificateWatcher();
  w.feed(record(22, fragment(11, 1, certificateBody([leaf, ca]))));
  assert.deepEqual(w.fingerprints, [fp(leaf), fp(ca)]);
});

test("DtlsCertificateWatcher.feed() reassembles fragments arriving out of order in separate datagrams", () => {
  const der = fakeDer(1500, 4);
  const body = certificateBody([der]);
  const w = new DtlsCertificateWatcher();
  const parts = [[1000, body.length - 1000], [0, 500], [500, 500]] as const;
  const results = parts.map(([off, len], i) => w.feed(record(22, fragment(11, 3, body, off, len), 0, i)));
  assert.deepEqual(results[0], []);
  assert.deepEqual(results[1], []);
  assert.deepEqual(results[2], [fp(der)], "complete only after the last missing fragment");
  // A retransmission of the whole flight reports nothing new.
  assert.deepEqual(w.feed(record(22, fragment(11, 3, body))), []);
  assert.deepEqual(w.fingerprints, [fp(der)]);
});

test("DtlsCertificateWatcher.feed() reads coalesced records and skips other messages and encrypted epochs", () => {
  const der = fakeDer(200, 5);
  const hidden = fakeDer(200, 6);
  const serverHello = fragment(2, 1, new Uint8Array(70).fill(7));
  const datagram = concatBytes(
    record(22, concatBytes(serverHello, fragment(11, 2, certificateBody([der])))), // two messages, one record
    record(20, new Uint8Array([1])), // ChangeCipherSpec
    record(22, fragment(11, 3, certificateBody([hidden])), 1), // epoch 1: encrypted, must be ignored
    record(23, new Uint8Array(40).fill(9), 1),
  );
  const w = new DtlsCertificateWatcher();
  assert.deepEqual(w.feed(datagram), [fp(der)]);
});

test("DtlsCertificateWatcher.feed() accepts the DTLS 1.0 record version of a first flight", () => {
  const der = fakeDer(64, 7);
  const w = new DtlsCertificateWatcher();
  assert.deepEqual(w.feed(record(22, fragment(11, 0, certificateBody([der])), 0, 0, 0xfeff)), [fp(der)]);
  const notDtls = new DtlsCertificateWatcher();
  assert.deepEqual(notDtls.feed(record(22, fragment(11, 0, certificateBody([der])), 0, 0, 0x0303)), []);
});

test("DtlsCertificateWatcher.feed() stops at a truncated record without losing earlier ones", () => {
  const der = fakeDer(100, 8);
  const full = record(22, fragment(11, 0, certificateBody([der])));
  const w = new DtlsCertificateWatcher();
  assert.deepEqual(w.feed(concatBytes(full, full.subarray(0, 20))), [fp(der)]);
  const cut = new DtlsCertificateWatcher();
  assert.deepEqual(cut.feed(full.subarray(0, full.length - 1)), []);
});

test("parseCertificateList() stops at an entry that overruns the list", () => {
  const a = fakeDer(10, 9);
  const body = certificateBody([a, fakeDer(10, 10)]);
  assert.equal(parseCertificateList(body).length, 2);
  assert.equal(parseCertificateList(body.subarray(0, body.length - 1)).length, 1);
  assert.deepEqual(parseCertificateList(new Uint8Array([0, 0])), []);
});

/** mulberry32: a small seeded PRNG so the fuzz run is reproducible. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("DtlsCertificateWatcher.feed() never throws on random bytes and stays usable", () => {
  const rnd = prng(0x5eed);
  const byte = () => Math.floor(rnd() * 256);
  const w = new DtlsCertificateWatcher();
  const der = fakeDer(600, 11);
  const valid = record(22, fragment(11, 4, certificateBody([der])));
  for (let i = 0; i < 20000; i++) {
    let d: Uint8Array;
    const kind = i % 4;
    if (kind === 0) {
      d = Uint8Array.from({ length: Math.floor(rnd() * 300) }, byte); // pure noise
    } else if (kind === 1) {
      d = valid.slice(); // a valid datagram with a few bytes flipped
      for (let k = 0; k < 1 + Math.floor(rnd() * 4); k++) d[Math.floor(rnd() * d.length)] = byte();
    } else if (kind === 2) {
      // Plausible headers with random lengths and offsets: exercises reassembly bounds.
      const body = Uint8Array.from({ length: Math.floor(rnd() * 64) }, byte);
      const hs = concatBytes(new Uint8Array([11]), Uint8Array.from({ length: 11 }, byte), body);
      d = record(22, hs);
    } else {
      d = valid.subarray(0, Math.floor(rnd() * valid.length)); // truncation
    }
    const out = w.feed(d);
    assert.ok(Array.isArray(out));
  }
  // Garbage did not poison the state: a clean certificate with a fresh sequence number is still seen.
  const fresh = fakeDer(500, 12);
  const w2 = new DtlsCertificateWatcher();
  for (let i = 0; i < 100; i++) w2.feed(Uint8Array.from({ length: 100 }, byte));
  assert.deepEqual(w2.feed(record(22, fragment(11, 9, certificateBody([fresh])))), [fp(fresh)]);
  assert.ok(w.fingerprints.length <= 64, "fingerprint memory is bounded");
});
