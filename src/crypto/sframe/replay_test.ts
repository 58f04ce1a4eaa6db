import { test } from "node:test";
import assert from "node:assert/strict";
import { ReplayWindow } from "./replay.ts";

/** Offers each CTR; accepts it when `check` passes; returns which were accepted. */
function run(w: ReplayWindow, ctrs: bigint[]): boolean[] {
  return ctrs.map((c) => {
    const ok = w.check(c);
    if (ok) w.accept(c);
    return ok;
  });
}

test("ReplayWindow accepts each CTR once, in order or reordered within the window", () => {
  const w = new ReplayWindow(4);
  assert.deepEqual(run(w, [0n, 2n, 1n, 2n, 0n, 5n, 3n, 4n, 1n]), [
    true,
    true,
    true,
    false,
    false,
    true,
    true,
    true,
    false,
  ]);
});

test("ReplayWindow drops CTRs older than the window, and jumps far ahead", () => {
  const w = new ReplayWindow(128);
  assert.deepEqual(run(w, [1000n, 873n, 872n, 999n, 2n ** 64n - 1n, 1001n]), [true, true, false, true, true, false]);
});

test("ReplayWindow.check() does not move the window (a forged frame cannot advance it)", () => {
  const w = new ReplayWindow(4);
  w.accept(10n);
  assert.equal(w.check(100n), true);
  assert.equal(w.check(8n), true, "still inside the window: check(100) changed nothing");
});

test("ReplayWindow refuses a bad size", () => {
  for (const s of [0, -1, 1.5, 65537]) assert.throws(() => new ReplayWindow(s), { code: "SFRAME_BAD_INPUT" });
});
