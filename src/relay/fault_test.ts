import { test } from "node:test";
import assert from "node:assert/strict";
import { faultDraw, FaultInjector, normalizeFaultPlan } from "./fault.ts";
import type { Direction, FaultAction, FaultPlan } from "./fault.ts";

const pkt = (n: number, len = 60) => Uint8Array.from({ length: len }, (_, i) => (i === 0 ? 0x80 : (n + i) & 0xff));

/** Runs `count` SRTP packets each way through an injector and returns its log. */
function run(plan: FaultPlan, count = 400, order: Direction[] = ["a_to_b", "b_to_a"]): FaultAction[] {
  const f = new FaultInjector(plan);
  for (let i = 0; i < count; i++) for (const d of order) f.decide(d, "srtp", pkt(i));
  return f.actions;
}

test("normalizeFaultPlan() fills defaults and rejects malformed plans", () => {
  assert.deepEqual(normalizeFaultPlan({ mode: "drop", seed: 7 }), {
    mode: "drop",
    seed: 7,
    rate: 0.05,
    classes: ["srtp"],
  });
  assert.throws(() => normalizeFaultPlan({ mode: "explode" as "drop", seed: 1 }), RangeError);
  assert.throws(() => normalizeFaultPlan({ mode: "drop", seed: -1 }), RangeError);
  assert.throws(() => normalizeFaultPlan({ mode: "drop", seed: 1.5 }), RangeError);
  assert.throws(() => normalizeFaultPlan({ mode: "drop", seed: 2 ** 32 }), RangeError);
  assert.throws(() => normalizeFaultPlan({ mode: "drop", seed: 1, rate: 1.01 }), RangeError);
  assert.throws(() => normalizeFaultPlan({ mode: "drop", seed: 1, rate: Number.NaN }), RangeError);
  assert.throws(() => normalizeFaultPlan({ mode: "drop", seed: 1, classes: ["rtp" as "srtp"] }), RangeError);
  assert.throws(() => normalizeFaultPlan(null as unknown as FaultPlan), TypeError);
});

test("FaultInjector gives the same action log for the same seed and a different one for another seed", () => {
  for (const mode of ["tamper", "replay", "drop"] as const) {
    const one = run({ mode, seed: 42, rate: 0.1 });
    const two = run({ mode, seed: 42, rate: 0.1 });
    const other = run({ mode, seed: 43, rate: 0.1 });
    assert.ok(one.length > 0, `${mode}: some actions at rate 0.1`);
    assert.deepEqual(one, two, `${mode}: same seed, same log`);
    assert.notDeepEqual(one, other, `${mode}: other seed, other log`);
    assert.ok(one.every((a) => a.action === mode));
  }
});

test("FaultInjector decisions per direction do not depend on how directions interleave", () => {
  const plan: FaultPlan = { mode: "drop", seed: 9, rate: 0.2 };
  const ab = run(plan, 300, ["a_to_b", "b_to_a"]);
  const ba = run(plan, 300, ["b_to_a", "a_to_b"]);
  const key = (l: FaultAction[], d: Direction) => l.filter((a) => a.dir === d).map((a) => a.n);
  assert.deepEqual(key(ab, "a_to_b"), key(ba, "a_to_b"));
  assert.deepEqual(key(ab, "b_to_a"), key(ba, "b_to_a"));
  assert.notDeepEqual(key(ab, "a_to_b"), key(ab, "b_to_a"), "each direction has its own stream");
});

test("FaultInjector acts at roughly its rate and never at rate 0", () => {
  assert.equal(run({ mode: "drop", seed: 1, rate: 0 }).length, 0);
  assert.equal(run({ mode: "drop", seed: 1, rate: 1 }, 50).length, 100);
  const n = run({ mode: "drop", seed: 3, rate: 0.05 }, 2000).length; // 4000 eligible packets
  assert.ok(n > 120 && n < 280, `about 200 actions, got ${n}`);
});

test("FaultInjector only touches the classes in its plan", () => {
  const f = new FaultInjector({ mode: "drop", seed: 5, rate: 1 });
  assert.deepEqual(f.decide("a_to_b", "stun", pkt(1)), { action: "pass" });
  assert.deepEqual(f.decide("a_to_b", "dtls", pkt(1)), { action: "pass" });
  assert.deepEqual(f.decide("a_to_b", "srtp", pkt(1)), { action: "drop" });
  const g = new FaultInjector({ mode: "drop", seed: 5, rate: 1, classes: ["dtls"] });
  assert.deepEqual(g.decide("a_to_b", "dtls", pkt(1)), { action: "drop" });
  assert.deepEqual(g.decide("a_to_b", "srtp", pkt(1)), { action: "pass" });
});

test("FaultInjector tamper flips one byte after the RTP header and leaves the input alone", () => {
  const f = new FaultInjector({ mode: "tamper", seed: 11, rate: 1 });
  for (let i = 0; i < 200; i++) {
    const input = pkt(i, 13 + (i % 40));
    const before = input.slice();
    const d = f.decide("b_to_a", "srtp", input);
    assert.equal(d.action, "tamper");
    if (d.action !== "tamper") continue;
    assert.deepEqual(input, before, "input untouched");
    const a = f.actions[f.actions.length - 1];
    const diff = [...d.packet].flatMap((b, k) => (b !== input[k] ? [k] : []));
    assert.deepEqual(diff, [a.offset], "exactly the logged byte differs");
    assert.ok(a.offset! >= 12 && a.offset! < input.length);
    assert.equal(d.packet[a.offset!] ^ input[a.offset!], a.mask);
  }
  // A packet with nothing after its header is passed untouched and not logged.
  const g = new FaultInjector({ mode: "tamper", seed: 11, rate: 1 });
  assert.deepEqual(g.decide("a_to_b", "srtp", pkt(0, 12)), { action: "pass" });
  assert.equal(g.actions.length, 0);
});

test("faultDraw() is uniform enough and depends on every input", () => {
  const xs = Array.from({ length: 10000 }, (_, n) => faultDraw(1, "a_to_b", n + 1, 0));
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const base = faultDraw(1, "a_to_b", 5, 0);
  assert.notEqual(faultDraw(2, "a_to_b", 5, 0), base);
  assert.notEqual(faultDraw(1, "b_to_a", 5, 0), base);
  assert.notEqual(faultDraw(1, "a_to_b", 6, 0), base);
  assert.notEqual(faultDraw(1, "a_to_b", 5, 1), base);
});

test("faultDraw() and the drop schedule match the SPEC §8 (RF2) vectors", () => {
  // Values from an independent Python transcription of the SPEC §8 (RF2) algorithm.
  assert.equal(faultDraw(0, "a_to_b", 1, 0), 0.00523992464877665);
  assert.equal(faultDraw(1, "a_to_b", 1, 0), 0.3121691714040935);
  assert.equal(faultDraw(1, "b_to_a", 1, 0), 0.9466516277752817);
  assert.equal(faultDraw(42, "a_to_b", 7, 1), 0.14298023586161435);
  assert.equal(faultDraw(4294967295, "b_to_a", 123456, 2), 0.6999647803604603);
  const f = new FaultInjector({ mode: "drop", seed: 42, rate: 0.1 });
  for (let i = 0; i < 100; i++) f.decide("a_to_b", "srtp", new Uint8Array(60));
  assert.deepEqual(f.actions.map((a) => a.n), [1, 3, 23, 27, 30, 40, 48, 69, 77, 79, 80, 85, 93]);
});
