import { test } from "node:test";
import assert from "node:assert/strict";
import { again } from "./again.ts";

/** A run that gives the scripted results in turn and records which reruns it saw. */
function scripted(results: string[]) {
  const seen: number[] = [];
  return { seen, once: (n: number) => Promise.resolve((seen.push(n), results[n] ?? "none")) };
}
const inconclusive = (r: string) => r === "crash";

test("again(): a conclusive first run is not repeated", async () => {
  const s = scripted(["fail"]);
  assert.deepEqual(await again(s.once, inconclusive, 2), { first: "fail", last: "fail", reruns: 0 });
  assert.deepEqual(s.seen, [0]);
});

test("again(): runs that prove nothing go again until one is conclusive, and onAgain hears each", async () => {
  const s = scripted(["crash", "crash", "pass"]);
  const heard: string[] = [];
  const r = await again(s.once, inconclusive, 2, (x, n) => heard.push(`${x}#${n}`));
  assert.deepEqual(r, { first: "crash", last: "pass", reruns: 2 });
  assert.deepEqual(s.seen, [0, 1, 2]);
  assert.deepEqual(heard, ["crash#1", "crash#2"]);
});

test("again(): at most `max` reruns; the last inconclusive result is returned", async () => {
  const s = scripted(["crash", "crash", "crash", "pass"]);
  assert.deepEqual(await again(s.once, inconclusive, 2), { first: "crash", last: "crash", reruns: 2 });
  assert.deepEqual(s.seen, [0, 1, 2]);
  assert.deepEqual((await again(scripted(["crash", "pass"]).once, inconclusive, 0)).reruns, 0);
});
