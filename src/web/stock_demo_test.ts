/**
 * The demo in a stock Chromium (SPEC §6.1 "Candidates", §4.3 TR4): no fake-UI flag, no mDNS override and no media
 * permission, so the pages offer `<uuid>.local` host candidates and the relay must learn their addresses from their
 * authenticated checks. An E2EE call connects, both pages show the shield and the same number, and a real click on
 * "Hang up" (a button that stays the same element and in view at 1100×700) ends it. Screenshots go to a temporary
 * directory, removed afterwards, so a test run leaves the checkout clean; to refresh the ones the README shows, set
 * SHIELDCALL_SHOTS to a directory: `SHIELDCALL_SHOTS=docs node --import tsx --test src/web/stock_demo_test.ts`
 * (docs/demo-alice.png, demo-bob.png, demo-failed-step.png). Skipped only when Chromium is not installed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand, tsCommand } from "../_testing/child.ts";
import { findChromium } from "./host/chromium.ts";

const chromium = findChromium();
const SHOTS = ["demo-alice.png", "demo-bob.png", "demo-failed-step.png"];

test("stock Chromium: an E2EE demo call connects, shows equal numbers and hangs up with a real click", {
  skip: chromium ? false : "chromium is not installed (apt-get install chromium, or set SHIELDCALL_CHROMIUM)",
  timeout: 120_000,
}, async () => {
  const script = fileURLToPath(new URL("./_testing/stock_scenario.ts", import.meta.url));
  const asked = process.env.SHIELDCALL_SHOTS;
  const shots = asked || mkdtempSync(join(tmpdir(), "shieldcall-shots-"));
  let saved: string[];
  let r;
  try {
    r = await runCommand([...tsCommand(script), shots], { timeoutMs: 110_000 });
    saved = SHOTS.filter((f) => existsSync(join(shots, f)));
  } finally {
    if (!asked) rmSync(shots, { recursive: true, force: true });
  }
  const res = JSON.parse(r.stdout.trim().split("\n").pop() || "{}");
  assert.equal(res.error, undefined, `${res.error} ${r.failure ?? ""}\n${r.stderr.slice(-2000)}`);
  assert.match(res.numbers.a, /^\d{5} \d{5} \d{5} \d{5}$/);
  assert.equal(res.numbers.a, res.numbers.b, "both pages show the same number");
  assert.equal(res.hangupSameNode, true, "the Hang up button is still the same element after the panel refreshed");
  assert.equal(res.hangupInView, true, "the Hang up button is inside a 1100×700 viewport");
  assert.deepEqual(res.audioPlaying, [true, true], "each page plays the other side's audio, unmuted");
  assert.equal(res.ended, true);
  assert.match(res.problem, /^Step 2 of 3 \(network path\) failed: .*allow UDP/, "a call that cannot connect says why");
  assert.ok(res.problemMs < 15_000, `the page explains within the 15 s the service allows (${res.problemMs} ms)`);
  assert.deepEqual(res.notFound, [], "no request of the page gets a 404 (favicon included)");
  assert.deepEqual(saved, SHOTS, `the screenshots are saved in ${shots}`);
  console.log(`stock Chromium E2EE connect: ${res.connectMs} ms; a blocked call explained after ${res.problemMs} ms`);
});
