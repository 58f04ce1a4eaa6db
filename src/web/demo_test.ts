/**
 * The demo as a person uses it (`shieldcall serve --demo`): two real Chromium pages sign in, turn E2EE on, call and
 * answer; both show the other's video, the shield and the same 20-digit number in four groups of five; under `mitm`
 * the numbers differ; a standard call shows its features; carol (policy disabled) has no toggle. Screenshots go to
 * reports/web-demo/. Skipped only when Chromium is not installed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { runCommand, tsCommand } from "../_testing/child.ts";
import { findChromium } from "./host/chromium.ts";

const chromium = findChromium();

test("demo: E2EE call with matching numbers, mitm with different ones, standard call with features", {
  skip: chromium ? false : "chromium is not installed (apt-get install chromium)",
  timeout: 150_000,
}, async () => {
  const script = fileURLToPath(new URL("./_testing/demo_scenario.ts", import.meta.url));
  const r = await runCommand([...tsCommand(script), "reports/web-demo"], { timeoutMs: 140_000 });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  const res = JSON.parse(line || "{}");
  assert.equal(res.error, undefined, `${res.error} ${r.failure ?? ""}\n${r.stderr.slice(-2000)}`);
  const grouped = /^\d{5} \d{5} \d{5} \d{5}$/;
  assert.match(res.e2ee.a, grouped);
  assert.equal(res.e2ee.a, res.e2ee.b, "honest call: both tabs show the same number");
  assert.match(res.mitm.a, grouped);
  assert.match(res.mitm.b, grouped);
  assert.notEqual(res.mitm.a, res.mitm.b, "mitm: the numbers differ");
  assert.equal(res.standard.a, null, "standard call: no number");
  assert.match(res.standard.features ?? "", /Recording/);
  assert.equal(res.e2ee.features, null, "E2EE call: no feature offered");
  assert.equal(res.carolToggle, 0, "policy disabled: no toggle");
  assert.equal(res.carolManaged, 1);
});
