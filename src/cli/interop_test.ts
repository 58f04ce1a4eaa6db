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
import type { CallState } from "../protocol/mod.ts";
import { type Cell, cellVerdict, matrix } from "./interop.ts";

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

test("cellVerdict(): green for the outcome each kind requires (SPEC §8, P4, §2.4), red for each broken variant", () => {
  const side = (number: string | null, o: Partial<CallState> = {}) =>
    ({
      state: "connected",
      topology: number ? "relay" : "processor",
      e2ee: { indicator: number !== null, number },
      features: number ? [] : ["recording"],
      endReason: null,
      endCode: null,
      media: { audio: { digits: "" }, video: { decoded: 0 } },
      ...o,
    }) as CallState;
  const [n1, n2] = ["1".repeat(20), "2".repeat(20)];
  assert.equal(cellVerdict("e2ee", true, side(n1), side(n1)), "");
  assert.match(cellVerdict("e2ee", true, side(n1), side(n2)), /^honest: NOT AS REQUIRED — the two numbers differ/);
  assert.equal(cellVerdict("mitm", true, side(n1), side(n2)), "");
  assert.match(cellVerdict("mitm", true, side(n1), side(n1)), /^mitm: NOT AS REQUIRED/);
  assert.equal(cellVerdict("standard", true, side(null), side(null)), "");
  assert.match(cellVerdict("standard", true, side(null), side(n1)), /NOT AS REQUIRED — a side showed the indicator/);
  assert.equal(
    cellVerdict("standard", true, side(null, { features: [] }), side(null)),
    "no feature offered in a standard call",
  );
  assert.match(cellVerdict("e2ee", false, side(n1), side(null, { state: "ended", endReason: "x" })), /^call ended: x/);
  assert.match(cellVerdict("e2ee", false, side(n1), side(null)), /^timed out/);
});

test(
  "interop matrix: ref↔ref, ref↔web, web↔web both ways × e2ee, standard, mitm; web→web × sframe, sframe-mitm; all green",
  {
    skip: findChromium() ? false : "chromium is not installed (apt-get install chromium)",
    timeout: 300_000,
  },
  async () => {
    const r = await runCommand([...selfCommand(), "interop", "--json"], { timeoutMs: 290_000 });
    const res = JSON.parse(r.stdout || "{}") as { cells?: Cell[]; red?: number };
    assert.ok(res.cells, r.stderr.slice(-3000));
    // SPEC §7: the SFrame cells only where both sides declare the profile (the web client, not the reference)
    const sframe = res.cells.filter((c) => c.mode.startsWith("sframe"));
    assert.deepEqual(sframe.map((c) => `${c.caller}→${c.callee} ${c.mode}`), ["web→web sframe", "web→web sframe-mitm"]);
    assert.equal(res.cells.length, 14);
    for (const c of res.cells) {
      assert.ok(c.ok, `${c.caller}→${c.callee} ${c.mode}: ${c.detail}`);
      if (c.mode === "e2ee" || c.mode === "sframe") assert.equal(c.numbers[0], c.numbers[1]);
      if (c.mode === "mitm" || c.mode === "sframe-mitm") assert.notEqual(c.numbers[0], c.numbers[1]);
    }
    assert.equal(r.code, 0);
  },
);
