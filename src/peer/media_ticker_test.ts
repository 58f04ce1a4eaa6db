import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { MediaTicker, sharedTicker } from "./media_ticker.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("MediaTicker", () => {
  test(
    "MediaTicker.subscribe() starts one timer and delivers consecutive ticks to every subscriber",
    { timeout: 5000 },
    async () => {
      // A controlled clock: a loaded machine may stall the event loop, and the ticker then (rightly) skips frames.
      let now = 0;
      const t = new MediaTicker({ now: () => now });
      const a: number[] = [];
      const b: number[] = [];
      const offA = t.subscribe((tick) => a.push(tick));
      const offB = t.subscribe((tick) => b.push(tick));
      assert.equal(t.running, true);
      for (let i = 1; a.length < 5; i++) {
        now = i * 10;
        while (a.length < Math.min(i, 5)) await sleep(2);
      }
      offA();
      offB();
      assert.equal(t.running, false, "timer stops with the last subscriber");
      assert.deepEqual(a.slice(0, 5), [0, 1, 2, 3, 4]);
      assert.deepEqual(b.slice(0, 5), a.slice(0, 5));
    },
  );

  test(
    "MediaTicker catches up on a late timer but never bursts more than maxCatchUp frames",
    { timeout: 5000 },
    async () => {
      let now = 0;
      const t = new MediaTicker({ now: () => now, maxCatchUp: 3 });
      const ticks: number[] = [];
      const off = t.subscribe((tick) => ticks.push(tick));
      now = 25; // 2 frames due
      while (ticks.length < 2) await sleep(5);
      await sleep(30);
      assert.deepEqual(ticks, [0, 1]);
      now = 1000; // 100 due: only the last 3 are emitted
      while (ticks.length < 5) await sleep(5);
      await sleep(30);
      off();
      assert.deepEqual(ticks, [0, 1, 97, 98, 99]);
    },
  );

  test("MediaTicker isolates a throwing subscriber and reports it", { timeout: 5000 }, async () => {
    const lines: string[] = [];
    const t = new MediaTicker({ log: (l) => lines.push(l) });
    let ok = 0;
    const off1 = t.subscribe(() => {
      throw new Error("boom");
    });
    const off2 = t.subscribe(() => ok++);
    while (ok < 3) await sleep(10);
    off1();
    off2();
    assert.ok(lines.some((l) => l.includes("boom")));
  });

  test("MediaTicker rejects a non-positive period and sharedTicker() is one instance", () => {
    assert.throws(() => new MediaTicker({ periodMs: 0 }), RangeError);
    assert.equal(sharedTicker(), sharedTicker());
  });
});
