/**
 * A missing browser is one line with no stack trace, before anything starts: `interop` (exit 1) and
 * `conformance --impl web` (exit 3), with SHIELDCALL_CHROMIUM naming a file that does not exist; and a wrong
 * SHIELDCALL_CHROMIUM is never silently replaced by the chromium on PATH.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runCommand } from "../_testing/child.ts";
import { selfCommand } from "../driver/mod.ts";
import { chromiumMissing, findChromium } from "./host/chromium.ts";

const env = { ...process.env, SHIELDCALL_CHROMIUM: "/nonexistent/chrome" };

test("findChromium: a SHIELDCALL_CHROMIUM that does not exist finds nothing, and the message names it", () => {
  const saved = process.env.SHIELDCALL_CHROMIUM;
  try {
    process.env.SHIELDCALL_CHROMIUM = "/nonexistent/chrome";
    assert.equal(findChromium(), null);
    assert.match(chromiumMissing(), /^Chromium not found: SHIELDCALL_CHROMIUM="\/nonexistent\/chrome" does not exist/);
    delete process.env.SHIELDCALL_CHROMIUM;
    assert.match(chromiumMissing(), /apt-get install chromium.*SHIELDCALL_CHROMIUM/);
  } finally {
    if (saved === undefined) delete process.env.SHIELDCALL_CHROMIUM;
    else process.env.SHIELDCALL_CHROMIUM = saved;
  }
});

for (const [args, code] of [[["interop"], 1], [["conformance", "--impl", "web", "--case", "verify.*"], 3]] as const) {
  test(`shieldcall ${args.join(" ")} without a browser: one line, exit ${code}`, { timeout: 60_000 }, async () => {
    // this runtime: Node through bin/shieldcall.js, or Deno on src/cli.ts
    const r = await runCommand([...selfCommand(), ...args], { env, timeoutMs: 50_000 });
    assert.equal(r.code, code, r.stderr);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, /^shieldcall \w+: Chromium not found: SHIELDCALL_CHROMIUM="\/nonexistent\/chrome"/);
    assert.equal(r.stdout, "");
  });
}
