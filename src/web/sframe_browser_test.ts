/**
 * The web SFrame in Chromium (SPEC §13):
 * - the page bundle and the worker bundle contain nothing from src/crypto, src/peer or @noble/* (independence);
 * - the web SFrame reproduces every vector of fixtures/vectors/sframe.json inside Chromium, and the web handshake
 *   every vector of fixtures/vectors/handshake.json (the SPEC §13.10 profile vectors among them);
 * - two RTCPeerConnections in one page send a synthetic video (VP8) and audio track whose encoded frames are sealed
 *   by `RTCRtpScriptTransform` on send and opened on receive: the receiver decodes video and plays audio;
 * - control: the receiver holding another key opens nothing, drops every frame as SFRAME_AUTH_FAILED, and decodes
 *   no video.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { build } from "esbuild";
import type { Page } from "playwright-core";
import { closeSharedBrowser, findChromium, sharedBrowser } from "./host/chromium.ts";
import { forbiddenInputs } from "./host/bundle.ts";
import { repoRoot, webFile } from "./host/root.ts";
import type { CallResult } from "./_testing/sframe_page.ts";

const skip = findChromium() ? false : "chromium is not installed (apt-get install chromium)";
const vectors = readFileSync(new URL("../../fixtures/vectors/sframe.json", import.meta.url), "utf8");
const handshake = readFileSync(new URL("../../fixtures/vectors/handshake.json", import.meta.url), "utf8");

/** Bundles an entry for the browser; returns the script and its inputs. */
async function bundle(entry: { file: string } | { code: string }) {
  const r = await build({
    ...("file" in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.code, resolveDir: webFile("."), loader: "ts" as const } }),
    absWorkingDir: repoRoot(),
    bundle: true,
    format: "iife",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return { js: r.outputFiles[0]!.text, inputs: Object.keys(r.metafile.inputs) };
}

let server: Server | undefined;
let page: Page | undefined;
let inputs: string[] = [];

before(async () => {
  if (skip) return;
  const pageJs = await bundle({ file: webFile("_testing/sframe_page.ts") });
  const workerJs = await bundle({
    code: 'import { installSFrameTransform } from "./sframe_transform.ts"; installSFrameTransform(self as never);',
  });
  inputs = [...pageJs.inputs, ...workerJs.inputs];
  const routes: Record<string, [string, string]> = {
    "/": ["text/html", '<!doctype html><meta charset="utf-8"><script src="/page.js"></script>'],
    "/page.js": ["text/javascript", pageJs.js],
    "/worker.js": ["text/javascript", workerJs.js],
  };
  server = createServer((req, res) => {
    const r = routes[req.url ?? ""];
    res.writeHead(r ? 200 : 404, { "content-type": r?.[0] ?? "text/plain" }).end(r?.[1] ?? "not found");
  });
  await new Promise<void>((ok) => server!.listen(0, "127.0.0.1", ok));
  page = await (await sharedBrowser()).newPage();
  await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/`);
  await page.waitForFunction(() => "sframeTest" in globalThis);
});

after(async () => {
  await page?.close().catch(() => {});
  await closeSharedBrowser();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
});

test("the SFrame page and worker bundles include no src/crypto, src/peer or @noble/* file", { skip }, () => {
  assert.ok(inputs.some((i) => i.endsWith("src/web/sframe.ts")), "the bundles were built from src/web/sframe.ts");
  assert.deepEqual(forbiddenInputs(inputs), []);
});

test("web SFrame reproduces every vector of fixtures/vectors/sframe.json inside Chromium", { skip }, async () => {
  const bad = await page!.evaluate(
    (json) =>
      (globalThis as never as { sframeTest: { checkVectors(f: unknown): Promise<string[]> } }).sframeTest
        .checkVectors(JSON.parse(json)),
    vectors,
  );
  assert.deepEqual(bad, []);
});

test("web handshake reproduces every vector of fixtures/vectors/handshake.json inside Chromium (SPEC §5, §13.10)", {
  skip,
}, async () => {
  const bad = await page!.evaluate(
    (json) =>
      (globalThis as never as { sframeTest: { checkHandshake(f: unknown): Promise<string[]> } }).sframeTest
        .checkHandshake(JSON.parse(json)),
    handshake,
  );
  assert.deepEqual(bad, []);
  assert.ok(inputs.some((i) => i.endsWith("src/web/handshake.ts")), "the page was built from src/web/handshake.ts");
});

/** Runs one in-page call and returns what the receiver measured. */
function call(wrongKey: boolean): Promise<CallResult> {
  return page!.evaluate(
    (o) => (globalThis as never as { sframeTest: { call(o: unknown): Promise<CallResult> } }).sframeTest.call(o),
    { ms: 4000, wrongKey, workerUrl: "/worker.js" },
  );
}
const byId = (r: CallResult, id: string) => r.counters.find((c) => c.id === id)!;

test("RTCRtpScriptTransform seals audio and video frames on send; the receiver opens and decodes them", {
  skip,
  timeout: 60_000,
}, async () => {
  assert.equal(await page!.evaluate(() => typeof RTCRtpScriptTransform), "function");
  const r = await call(false);
  console.log(`# sframe call, right key: ${JSON.stringify(r)}`);
  for (const kind of ["video", "audio"]) {
    const tx = byId(r, `send-${kind}`), rx = byId(r, `receive-${kind}`);
    assert.ok(tx.sealed > 10, `${kind}: frames sealed`);
    assert.ok(rx.opened > 10, `${kind}: frames opened`);
    assert.equal(rx.dropped.auth + rx.dropped.kid + rx.dropped.header, 0, `${kind}: nothing dropped`);
  }
  assert.ok(r.videoFramesDecoded > 10, "video decoded at the receiver");
  assert.ok(r.audioSamples > 10_000, "audio decoded at the receiver (samples not concealed)");
});

test("control: a receiver holding another key opens nothing and decodes no video", {
  skip,
  timeout: 60_000,
}, async () => {
  const r = await call(true);
  console.log(`# sframe call, wrong key: ${JSON.stringify(r)}`);
  for (const kind of ["video", "audio"]) {
    const tx = byId(r, `send-${kind}`), rx = byId(r, `receive-${kind}`);
    assert.ok(tx.sealed > 10, `${kind}: frames sealed`);
    assert.equal(rx.opened, 0, `${kind}: nothing opened`);
    assert.ok(rx.dropped.auth > 10, `${kind}: frames dropped as SFRAME_AUTH_FAILED`);
  }
  assert.equal(r.videoFramesDecoded, 0, "no video decoded");
  assert.equal(r.audioSamples, 0, "no audio decoded (every sample concealed, or none)");
});
