import { test } from "node:test";
import assert from "node:assert/strict";
import { collectAndSettle, collectGarbage } from "./_gc.ts";

test("collectGarbage() runs a full collection: an object only a WeakRef holds is gone afterwards", async () => {
  let ref: WeakRef<object> | undefined;
  (() => {
    ref = new WeakRef({ big: new Uint8Array(1 << 20) });
  })();
  // A WeakRef's target is kept at least until the current job ends: let it end first.
  await new Promise((r) => setTimeout(r, 0));
  if (!collectGarbage()) {
    // Runtimes without a way to force a collection (Deno does not implement v8.setFlagsFromString) do nothing.
    assert.equal(typeof (globalThis as { Deno?: unknown }).Deno, "object", "only Deno lacks a forced collection");
    return;
  }
  assert.equal(ref!.deref(), undefined, "the WeakRef target was collected");
});

test("collectAndSettle() resolves only after the work a collection schedules has run (finalization callbacks)", async () => {
  const finalized: string[] = [];
  const registry = new FinalizationRegistry<string>((tag) => finalized.push(tag));
  (() => {
    registry.register({ big: new Uint8Array(1 << 20) }, "pc");
  })();
  await new Promise((r) => setTimeout(r, 0));
  if (!(await collectAndSettle())) {
    assert.equal(typeof (globalThis as { Deno?: unknown }).Deno, "object", "only Deno lacks a forced collection");
    return;
  }
  assert.deepEqual(finalized, ["pc"], "the finalizer the collection scheduled ran before collectAndSettle() resolved");
});
