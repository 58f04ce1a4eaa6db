/**
 * The web client is a second, independent implementation: its bundle (esbuild metafile inputs) contains nothing
 * from src/crypto, src/peer or @noble/* — the handshake is WebCrypto written from SPEC §5. Sharing src/protocol
 * (schemas, types) and src/media (the SPEC §11 synthetic media) is allowed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { forbiddenInputs, webBundle } from "./host/bundle.ts";

test("the web bundle's inputs include no src/crypto, src/peer or @noble/* file", async () => {
  const { inputs, js } = await webBundle();
  assert.ok(inputs.includes("src/web/handshake.ts"), "the bundle was built from src/web");
  // SPEC §13.7: the SFrame worker's inputs are checked with the page's
  assert.ok(inputs.includes("src/web/sframe_calls.ts") && inputs.includes("src/web/sframe.ts"), "the worker bundle");
  assert.ok(js.length > 10_000);
  assert.deepEqual(forbiddenInputs(inputs), []);
});

test("forbiddenInputs() catches each forbidden source (broken variants)", () => {
  const bad = [
    "src/crypto/keys.ts",
    "src/peer/peer.ts",
    "node_modules/@noble/curves/esm/ed25519.js",
    "src/crypto/_bytes.ts",
  ];
  assert.deepEqual(forbiddenInputs(["src/web/client.ts", ...bad, "src/protocol/parse.ts"]), bad);
});
