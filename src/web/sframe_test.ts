/**
 * The web client's SFrame (src/web/sframe.ts, WebCrypto) against fixtures/vectors/sframe.json, read as JSON: no code
 * from src/crypto is used, so this is a second implementation checked against the RFC's vectors and the reference's
 * generated ones (SPEC §13). Runs on Node's and Deno's WebCrypto; src/web/sframe_browser_test.ts runs it in Chromium.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as w from "./sframe.ts";
import { checkWebSFrame } from "./_testing/sframe_check.ts";
import { clearBytes, type EndpointPool, runTransform } from "./sframe_transform.ts";

const file = JSON.parse(readFileSync(new URL("../../fixtures/vectors/sframe.json", import.meta.url), "utf8"));
const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
};

test("web SFrame reproduces every vector of fixtures/vectors/sframe.json (RFC 9605 Appendix C and ShieldCall's)", async () => {
  assert.deepEqual(await checkWebSFrame(file), []);
});

test("the web vector check catches a nonce without the CTR and a swapped role label (broken variants)", async () => {
  const noCtr = { ...w, nonceFor: (salt: Uint8Array) => salt.slice() };
  const bad = await checkWebSFrame(file, noCtr);
  assert.deepEqual(bad, [1, 2, 3, 4, 5].map((s) => `C.3 suite ${s} nonce`));
  const swapped = {
    ...w,
    senderBaseKeys: async (prk: Uint8Array) => {
      const k = await w.senderBaseKeys(prk);
      return { caller: k.callee, callee: k.caller };
    },
  };
  assert.ok((await checkWebSFrame(file, swapped)).some((m) => m.endsWith("caller key")));
});

test("SFrameEndpoint: concurrent seals never share a CTR; concurrent opens of one frame accept it once", async () => {
  const key = new Uint8Array(32).fill(3);
  const tx = new w.SFrameEndpoint(4), rx = new w.SFrameEndpoint(4);
  await tx.addEncryptKey(0, key);
  await rx.addDecryptKey(0, key);
  const frames = await Promise.all(Array.from({ length: 20 }, () => tx.seal(0, new Uint8Array(50))));
  assert.equal(new Set(frames.map((f) => w.decodeHeader(f).ctr)).size, 20);
  const results = await Promise.all([frames[3]!, frames[3]!, frames[3]!].map((f) => codeOf(rx.open(f))));
  assert.deepEqual(results.sort(), ["SFRAME_REPLAY", "SFRAME_REPLAY", "ok"]);
  assert.deepEqual(rx.counters.dropped, { header: 0, kid: 0, replay: 2, auth: 0 });
});

test("SFrameEndpoint drops old, unknown-KID and tampered frames and keeps each key to one role", async () => {
  const key = new Uint8Array(32).fill(5);
  const tx = new w.SFrameEndpoint(1), rx = new w.SFrameEndpoint(1, 4);
  await tx.addEncryptKey(7, key);
  await rx.addDecryptKey(7, key);
  const f = [];
  for (let i = 0; i < 8; i++) f.push(await tx.seal(7, new Uint8Array([i])));
  assert.equal(await codeOf(rx.open(f[7]!)), "ok");
  assert.equal(await codeOf(rx.open(f[3]!)), "SFRAME_REPLAY", "older than a window of 4");
  assert.equal(await codeOf(rx.open(f[4]!)), "ok");
  assert.equal(await codeOf(rx.open(f[5]!.map((b, i) => (i === 3 ? b ^ 1 : b)))), "SFRAME_AUTH_FAILED");
  assert.equal(await codeOf(rx.open(f[5]!)), "ok", "the failed copy did not burn the CTR");
  assert.equal(await codeOf(rx.open(new Uint8Array([0x60, 1, 2]))), "SFRAME_UNKNOWN_KID");
  assert.equal(await codeOf(rx.open(new Uint8Array([0x8f]))), "SFRAME_BAD_HEADER");
  assert.equal(await codeOf(rx.addEncryptKey(7, key)), "SFRAME_BAD_INPUT");
  assert.equal(await codeOf(tx.seal(8, new Uint8Array(1))), "SFRAME_BAD_INPUT");
});

test("clearBytes(): VP8 keeps 10 bytes of a key frame and 3 of a delta frame in clear, audio none (SPEC §13.7)", () => {
  assert.equal(clearBytes("video", "key", 1000), 10);
  assert.equal(clearBytes("video", "delta", 1000), 3);
  assert.equal(clearBytes("video", "delta", 2), 2);
  assert.equal(clearBytes("audio", undefined, 100), 0);
});

/** Runs a send transform of `kind` over `n` frames with `pool`; returns the SFrame CTRs of its output. */
async function sendThrough(pool: EndpointPool, kind: "audio" | "video", n: number): Promise<bigint[]> {
  const frames = Array.from({ length: n }, () => ({ data: new Uint8Array(40).fill(9).buffer, type: "delta" as const }));
  const out: { data: ArrayBuffer }[] = [];
  const options = { id: kind, side: "send" as const, kind, suite: 4, kid: "0", baseKey: "11".repeat(32) };
  const readable = new ReadableStream({
    start(c) {
      frames.forEach((f) => c.enqueue(f));
      c.close();
    },
  });
  const writable = new WritableStream<{ data: ArrayBuffer }>({ write: (f) => void out.push(f) });
  const counters = { id: kind, sealed: 0, opened: 0, dropped: { header: 0, kid: 0, replay: 0, auth: 0 } };
  await runTransform({ readable, writable, options }, pool, counters);
  assert.equal(counters.sealed, n);
  return out.map((f) => w.decodeHeader(new Uint8Array(f.data).subarray(kind === "video" ? 3 : 0)).ctr);
}

test("runTransform(): a sender's audio and video transforms share one CTR space (no nonce reuse, SPEC §13.4)", async () => {
  const pool: EndpointPool = new Map();
  const ctrs = (await Promise.all([sendThrough(pool, "audio", 5), sendThrough(pool, "video", 5)])).flat();
  assert.equal(new Set(ctrs).size, 10);
  const apart = [...await sendThrough(new Map(), "audio", 5), ...await sendThrough(new Map(), "video", 5)];
  assert.equal(new Set(apart).size, 5, "control: one endpoint per transform would reuse CTRs 0-4 under one key");
});
