/**
 * `shieldcall interop --json` end to end: the reference peer and the web client (real Chromium) in every ordered
 * pair × {E2EE, standard, mitm}; every cell must be green, numbers equal under E2EE and different under mitm.
 * Skipped only when Chromium is not installed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { selfCommand } from "../driver/mod.ts";
import { runCommand } from "../_testing/child.ts";
import { findChromium } from "../web/host/chromium.ts";
import { type Cell, matrix } from "./interop.ts";

test("matrix() marks a red cell and counts it", () => {
  const cell = (ok: boolean): Cell => ({
    caller: "ref",
    callee: "web",
    mode: "mitm",
    ok,
    detail: "",
    numbers: [null, null],
    ms: 0,
  });
  assert.match(matrix([cell(true)]), /all green/);
  assert.match(matrix([cell(false)]), /1 red cell/);
});

test("interop matrix: ref↔ref, ref↔web, web↔web both ways × e2ee, standard, mitm all green", {
  skip: findChromium() ? false : "chromium is not installed (apt-get install chromium)",
  timeout: 300_000,
}, async () => {
  const r = await runCommand([...selfCommand(), "interop", "--json"], { timeoutMs: 290_000 });
  const res = JSON.parse(r.stdout || "{}") as { cells?: Cell[]; red?: number };
  assert.ok(res.cells, r.stderr.slice(-3000));
  assert.equal(res.cells.length, 12);
  for (const c of res.cells) {
    assert.ok(c.ok, `${c.caller}→${c.callee} ${c.mode}: ${c.detail}`);
    if (c.mode === "e2ee") assert.equal(c.numbers[0], c.numbers[1]);
    if (c.mode === "mitm") assert.notEqual(c.numbers[0], c.numbers[1]);
  }
  assert.equal(r.code, 0);
});
