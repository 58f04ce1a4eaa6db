import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { reportJson } from "./json.ts";
import { sampleRun } from "./_testing/sample.ts";

describe("reportJson()", () => {
  test("reportJson() round-trips the sample run to the same object, plus the derived views", () => {
    const run = sampleRun();
    const text = reportJson(run);
    const { preconditions, expectNote, ...back } = JSON.parse(text);
    assert.deepEqual(back, run);
    assert.deepEqual(preconditions, []);
    assert.equal(expectNote, null);
    assert.ok(text.endsWith("}\n"));
    assert.ok(text.includes('\n  "tool": {'), "pretty-printed with two spaces");
  });

  test("reportJson() keeps the object's key order", () => {
    const run = sampleRun();
    const back = JSON.parse(reportJson(run));
    assert.deepEqual(Object.keys(back), [...Object.keys(run), "preconditions", "expectNote"]);
    assert.deepEqual(Object.keys(back.cases[4]), Object.keys(run.cases[4]));
    assert.deepEqual(Object.keys(back.summary), Object.keys(run.summary));
  });

  test("reportJson() does not throw on bigint, bytes or cycles in expected/actual", () => {
    const run = sampleRun();
    const loop: Record<string, unknown> = { a: 1 };
    loop.loop = loop;
    run.cases[0].actual = { n: 2n ** 70n, key: new Uint8Array([1, 2]), loop };
    const back = JSON.parse(reportJson(run));
    assert.deepEqual(back.cases[0].actual, {
      n: (2n ** 70n).toString(),
      key: "0102",
      loop: { a: 1, loop: "[Circular]" },
    });
  });
});
