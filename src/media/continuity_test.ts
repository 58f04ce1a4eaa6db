import { test } from "node:test";
import assert from "node:assert/strict";
import { ContinuityTracker } from "./mod.ts";

/** Feeds `seqs` at 10 ms intervals (no send times) and returns the stats. */
function feed(seqs: number[], t = new ContinuityTracker()) {
  seqs.forEach((s, i) => t.observe(s, null, 1000 + 10 * i));
  return t.stats();
}

test("ContinuityTracker.stats() starts empty", () => {
  const s = new ContinuityTracker().stats();
  assert.deepEqual(s, {
    received: 0,
    gaps: 0,
    missing: 0,
    maxGapMs: 0,
    latencyMs: { p50: null, max: null },
    lastSeq: null,
    outOfOrder: 0,
    duplicates: 0,
    stalls: 0,
  });
});

test("ContinuityTracker counts an unbroken sequence without gaps", () => {
  const s = feed([5, 6, 7, 8, 9]);
  assert.equal(s.received, 5);
  assert.equal(s.gaps, 0);
  assert.equal(s.missing, 0);
  assert.equal(s.lastSeq, 9);
  assert.equal(s.outOfOrder, 0);
  assert.equal(s.maxGapMs, 10);
});

test("ContinuityTracker counts missing ranges and missing sequence numbers", () => {
  const s = feed([0, 1, 2, 5, 6, 10, 11]);
  assert.equal(s.gaps, 2); // 3–4 and 7–9
  assert.equal(s.missing, 5);
  assert.equal(s.lastSeq, 11);
});

test("ContinuityTracker lets a late arrival fill, shrink or split a missing range", () => {
  assert.deepEqual([feed([0, 1, 3, 2])].map((s) => [s.gaps, s.missing, s.outOfOrder]), [[0, 0, 1]]);
  const split = feed([0, 6, 3]); // missing 1–5, then 3 arrives: 1–2 and 4–5 remain
  assert.deepEqual([split.gaps, split.missing, split.outOfOrder, split.lastSeq], [2, 4, 1, 6]);
  const shrink = feed([0, 6, 1, 5]);
  assert.deepEqual([shrink.gaps, shrink.missing, shrink.outOfOrder], [1, 3, 2]);
});

test("ContinuityTracker counts duplicates apart from reordering and ignores packets older than the first", () => {
  const s = feed([10, 11, 11, 13, 12, 12, 9]);
  assert.equal(s.duplicates, 2);
  assert.equal(s.outOfOrder, 2); // 12 (late) and 9 (before the first)
  assert.equal(s.missing, 0);
  assert.equal(s.gaps, 0);
  assert.equal(s.received, 7);
});

test("ContinuityTracker measures the longest wall-clock gap and stalls against the expected interval", () => {
  const t = new ContinuityTracker({ expectedIntervalMs: 10 });
  for (const [seq, at] of [[0, 0], [1, 10], [2, 20], [3, 95], [4, 105], [5, 140]] as const) t.observe(seq, null, at);
  const s = t.stats();
  assert.equal(s.maxGapMs, 75);
  assert.equal(s.stalls, 2); // 75 ms and 35 ms exceed 3 × 10 ms
  assert.equal(s.missing, 0);
  assert.throws(() => new ContinuityTracker({ expectedIntervalMs: 0 }), RangeError);
});

test("ContinuityTracker computes latency p50 and max modulo 2^32 from full or low-32-bit send times", () => {
  const t = new ContinuityTracker();
  const base = 2 ** 32 * 400 - 20; // just before a 2^32 boundary
  const lat = [12, 30, 11, 15, 13];
  lat.forEach((l, i) => {
    const now = base + 10 * i + l;
    const sent = i % 2 ? (base + 10 * i) % 2 ** 32 : base + 10 * i; // alternately low 32 bits and full
    t.observe(i, sent, now);
  });
  t.observe(5, null, base + 100); // no send time: no latency sample
  const s = t.stats();
  assert.equal(s.latencyMs.p50, 13);
  assert.equal(s.latencyMs.max, 30);
});

test("ContinuityTracker.observe() rejects a negative or fractional sequence number", () => {
  const t = new ContinuityTracker();
  assert.throws(() => t.observe(-1, null, 0), RangeError);
  assert.throws(() => t.observe(1.5, null, 0), RangeError);
  assert.throws(() => t.observe(1, null, Number.NaN), RangeError);
  assert.equal(t.stats().received, 0);
});
