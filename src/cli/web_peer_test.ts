/**
 * `shieldcall web-peer --stdio` speaks SPEC §7 under its own name, and `--impl web` resolves to it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runCommand } from "../_testing/child.ts";
import { selfCommand } from "../driver/mod.ts";
import { implAlias } from "./web_peer.ts";
import { validateRpcResult } from "../protocol/mod.ts";
import { findChromium } from "../web/host/chromium.ts";

test("implAlias(): web is the web-peer adapter, ref the reference, anything else a command", () => {
  assert.deepEqual(implAlias("web")!.slice(-2), ["web-peer", "--stdio"]);
  assert.deepEqual(implAlias("ref")!.slice(-2), ["peer", "--stdio"]);
  assert.equal(implAlias("node my-adapter.mjs"), null);
});

test("web-peer --stdio answers hello as shieldcall-web and exits 0 on shutdown", { timeout: 60_000 }, async () => {
  const input = `${JSON.stringify({ jsonrpc: "2.0", id: 1, method: "hello", params: { protocol: 1 } })}\n` +
    `${JSON.stringify({ jsonrpc: "2.0", id: 2, method: "shutdown" })}\n`;
  const r = await runCommand([...selfCommand(), "web-peer", "--stdio"], { input, timeoutMs: 55_000 });
  const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines[0].id, 1);
  assert.equal(lines[0].result.name, "shieldcall-web");
  assert.equal(lines[0].result.protocol, 1);
  // SPEC §7, §13.12: the web client declares SFrame too where its Chromium has RTCRtpScriptTransform (this one has),
  // DTLS-SRTP alone where no Chromium starts
  assert.deepEqual(lines[0].result.profiles, findChromium() ? ["dtls-srtp", "sframe"] : ["dtls-srtp"]);
  assert.ok(validateRpcResult("hello", lines[0].result).ok);
  assert.deepEqual(lines[1], { jsonrpc: "2.0", id: 2, result: {} });
  assert.equal(r.code, 0, r.stderr);
});
