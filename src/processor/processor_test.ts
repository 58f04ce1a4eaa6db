/**
 * MediaProcessor behaviour that needs no media (creating legs loads audio sources, which crash a process on
 * natural exit, so everything with legs lives in processor_webrtc_test.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { isShieldCallError } from "../errors.ts";
import { MediaProcessor } from "./mod.ts";

test("MediaProcessor.stats() of a fresh processor reports no legs, no bridges and 0 frames in", () => {
  const p = new MediaProcessor({ outDir: "/nonexistent" });
  assert.deepEqual(p.stats(), { legs: 0, bridges: 0, audioFramesIn: 0, videoFramesIn: 0 });
  assert.deepEqual(p.legs(), []);
  assert.equal(p.outDir, "/nonexistent");
});

test("MediaProcessor refuses new legs once closed and rejects bad leg ids", async () => {
  const events: string[] = [];
  const p = new MediaProcessor({ log: (e) => events.push(e.type) });
  assert.throws(() => p.createLeg(""), TypeError);
  await p.close();
  await p.close(); // idempotent
  assert.throws(() => p.createLeg("late"), (e) => isShieldCallError(e, "BAD_STATE"));
  assert.deepEqual(p.stats(), { legs: 0, bridges: 0, audioFramesIn: 0, videoFramesIn: 0 });
  assert.deepEqual(events, []);
});

test("MediaProcessor.bridge() rejects objects that are not its legs", () => {
  const p = new MediaProcessor();
  const fake = { id: "x" } as never;
  assert.throws(() => p.bridge(fake, fake), TypeError);
});
