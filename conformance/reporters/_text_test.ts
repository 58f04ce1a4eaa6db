import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  areaOf,
  clock,
  compact,
  duration,
  escapeHtml,
  escapeXmlAttr,
  escapeXmlText,
  jsonText,
  pretty,
  stripXmlIllegal,
  terminalSafe,
  toPlain,
} from "./_text.ts";

describe("reporter text helpers", () => {
  test("stripXmlIllegal() removes C0 controls, lone surrogates and U+FFFE/U+FFFF but keeps tab, LF, CR and pairs", () => {
    const s = "a\u0000b\u0001\u0008\u000b\u000c\u001f\t\n\r\ud800x\udc00y\ud83d\ude00\ufffe\uffffz";
    assert.equal(stripXmlIllegal(s), "ab\t\n\rxy\ud83d\ude00z");
  });

  test("escapeXmlText() and escapeXmlAttr() escape markup and keep whitespace in attributes", () => {
    assert.equal(escapeXmlText(`<&>"'`), `&lt;&amp;&gt;"'`);
    assert.equal(escapeXmlAttr(`<&>"'\t\n\r`), "&lt;&amp;&gt;&quot;&apos;&#9;&#10;&#13;");
    assert.equal(escapeXmlAttr("&amp;"), "&amp;amp;", "already-escaped text is escaped again, not trusted");
  });

  test("escapeHtml() turns a script injection into inert text", () => {
    const out = escapeHtml("</script><script>alert(1)</script>");
    assert.ok(!out.includes("<") && !out.includes(">"));
    assert.equal(out, "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    assert.equal(escapeHtml(`"'&`), "&quot;&#39;&amp;");
  });

  test("terminalSafe() makes ANSI escapes and controls visible", () => {
    assert.equal(terminalSafe("\u001b[31mred\u0007"), "\\x1b[31mred\\x07");
    assert.equal(terminalSafe("a\nb"), "a\nb");
    assert.equal(terminalSafe("a\nb\t", true), "a\\nb\\t");
    assert.equal(terminalSafe("\u009b2J\u2028"), "\\x9b2J\\u2028");
  });

  test("toPlain() keeps plain JSON data deep-equal and converts what JSON lacks", () => {
    const data = { b: 1, a: [1, "x", null, true, { z: { y: [] } }] };
    assert.deepEqual(toPlain(data), data);
    assert.deepEqual(Object.keys(toPlain(data) as object), ["b", "a"]);
    const cyc: Record<string, unknown> = {
      n: 10n,
      bytes: new Uint8Array([0, 255]),
      m: new Map([["k", 1]]),
      s: new Set([2]),
      u: undefined,
      f: () => 1,
    };
    cyc.self = cyc;
    assert.deepEqual(toPlain(cyc), { n: "10", bytes: "00ff", m: { k: 1 }, s: [2], self: "[Circular]" });
    const shared = { x: 1 };
    assert.deepEqual(toPlain([shared, shared]), [{ x: 1 }, { x: 1 }], "a shared, non-circular object is not a cycle");
    const err = Object.assign(new Error("boom"), { code: "INTERNAL" });
    assert.deepEqual(toPlain(err), { name: "Error", message: "boom", code: "INTERNAL" });
    assert.equal(jsonText(undefined), "undefined");
  });

  test("compact() and pretty() cut long values and say so", () => {
    const long = { s: "x".repeat(500) };
    const c = compact(long, 50);
    assert.equal(c.length, 50);
    assert.ok(c.endsWith("…"));
    assert.equal(compact({ a: 1 }), '{"a":1}');
    const p = pretty(long, 100);
    assert.equal(p.truncated, true);
    assert.equal(p.text.length, 100);
    assert.equal(pretty({ a: 1 }).truncated, false);
  });

  test("areaOf(), clock() and duration() format ids and times", () => {
    assert.equal(areaOf("verify.mitm-differs"), "verify");
    assert.equal(areaOf("opt-in.matrix.caller"), "opt-in");
    assert.equal(areaOf("nodot"), "nodot");
    assert.equal(clock(14_999), "00:14");
    assert.equal(clock(3_725_000), "1:02:05");
    assert.equal(clock(Number.NaN), "00:00");
    assert.equal(duration(812), "812 ms");
    assert.equal(duration(1234), "1.23 s");
    assert.equal(duration(125_000), "2 min 05 s");
  });
});
