import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { scanHtml, xmlProblems } from "./wellformed.ts";

describe("xmlProblems()", () => {
  test("xmlProblems() accepts a well-formed document", () => {
    const ok = `<?xml version="1.0"?>\n<a x="1" y='&lt;2&gt;'><!-- c --><b/>t &amp; &#10; &#x41;<c>d</c></a>\n`;
    assert.deepEqual(xmlProblems(ok), []);
  });

  test("xmlProblems() reports each kind of malformation", () => {
    const cases: [string, RegExp][] = [
      ["<a>&</a>", /entity/],
      ["<a>&foo;</a>", /entity/],
      ["<a>x < y</a>", /./],
      ["<a><b></a></b>", /does not match/],
      ["<a>", /Unclosed/],
      ["<a/><b/>", /one root/],
      ['<a x="1" x="2"/>', /Duplicate/],
      ['<a x="<"/>', /Raw "<"/],
      ["<a>\u0001</a>", /Illegal/],
      ["<a>\ud800</a>", /Illegal/],
      ["<a x=1/>", /Malformed/],
      ["<a>]]></a>", /]]>/],
    ];
    for (const [doc, re] of cases) {
      const p = xmlProblems(doc);
      assert.ok(p.some((x) => re.test(x)), `expected ${re} for ${JSON.stringify(doc)}, got ${JSON.stringify(p)}`);
    }
  });
});

describe("scanHtml()", () => {
  test("scanHtml() finds start tags and attributes, skipping script and style bodies", () => {
    const html =
      `<html><head><style>a<b{}</style></head><body><a href="#x" class='c'>t</a><script>if (a<b) x("<img src=y>")</script><img src=z></body></html>`;
    const { tags, scripts } = scanHtml(html);
    assert.deepEqual(tags.map((t) => t.name), ["html", "head", "style", "body", "a", "script", "img"]);
    assert.equal(tags[4].attrs.href, "#x");
    assert.equal(tags[4].attrs.class, "c");
    assert.equal(tags[6].attrs.src, "z");
    assert.equal(scripts.length, 1);
    assert.ok(scripts[0].includes("<img src=y>"));
  });
});
