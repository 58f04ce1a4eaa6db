import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { LineSplitter } from "./_lines.ts";

const enc = (s: string) => new TextEncoder().encode(s);
const texts = (evs: ReturnType<LineSplitter["push"]>) =>
  evs.map((e) => (e.kind === "line" ? new TextDecoder().decode(e.bytes) : "<oversized>"));

describe("LineSplitter", () => {
  test("LineSplitter joins lines split across chunks and drops a CR before LF", () => {
    const s = new LineSplitter(100);
    assert.deepEqual(texts(s.push(enc("ab"))), []);
    assert.deepEqual(texts(s.push(enc("c\r\nde\nf"))), ["abc", "de"]);
    assert.deepEqual(texts(s.end()), ["f"]);
    assert.deepEqual(texts(s.end()), []);
  });

  test("LineSplitter reports an over-long line once and resumes at the next line", () => {
    const s = new LineSplitter(4);
    assert.deepEqual(texts(s.push(enc("1234\n12345"))), ["1234"], "5 bytes may still be 4 and a CR");
    assert.deepEqual(texts(s.push(enc("6789"))), ["<oversized>"]);
    assert.deepEqual(texts(s.push(enc("0123456789"))), [], "reported once, the rest is skipped");
    assert.deepEqual(texts(s.push(enc("\nok\n"))), ["ok"]);
    assert.deepEqual(texts(s.push(enc("1234\r\n"))), ["1234"], "a CR does not count toward the limit");
    assert.deepEqual(texts(s.push(enc("12345\n"))), ["<oversized>"]);
  });

  test("LineSplitter rejects a non-positive limit", () => {
    assert.throws(() => new LineSplitter(0), RangeError);
  });
});
