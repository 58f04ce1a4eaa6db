import { test } from "node:test";
import assert from "node:assert/strict";
import { collectAndSettle, collectGarbage } from "./_gc.ts";

// Deno does not implement v8.setFlagsFromString, so it cannot force a collection: these tests skip there, visibly
// and with this reason (listed in scripts/allowed_skips.json), instead of returning early as a silent pass.
const noForcedGc = "Deno" in globalThis ? "Deno cannot force a garbage collection (no v8.setFlagsFromString)" : false;

test("collectGarbage() runs a full collection: an object only a WeakRef holds is gone afterwards", {
  skip: noForcedGc,
}, async () => {
  let ref: WeakRef<object> | undefined;
  (() => {
    ref = new WeakRef({ big: new Uint8Array(1 << 20) });
  })();
  // A WeakRef's target is kept at least until the current job ends: let it end first.
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(collectGarbage(), true, "a forced collection ran");
  assert.equal(ref!.deref(), undefined, "the WeakRef target was collected");
});

test("collectAndSettle() resolves only after the work a collection schedules has run (finalization callbacks)", {
  skip: noForcedGc,
}, async () => {
  const finalized: string[] = [];
  const registry = new FinalizationRegistry<string>((tag) => finalized.push(tag));
  (() => {
    registry.register({ big: new Uint8Array(1 << 20) }, "pc");
  })();
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(await collectAndSettle(), true, "a forced collection ran");
  assert.deepEqual(finalized, ["pc"], "the finalizer the collection scheduled ran before collectAndSettle() resolved");
});
