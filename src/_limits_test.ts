/**
 * The house's size limits (STYLE "files under 400 lines"; CONTRIBUTING), checked on every `npm test`: no source file
 * but a test (`*_test.ts`) has more than 400 lines, and none has a line longer than 120 characters — the width
 * `deno fmt` formats to (deno.json), which it cannot reach on its own for long string literals and comments.
 * Source files: .ts, .mjs and .js under src/, conformance/, bench/, scripts/, bin/ and fixtures/. Lengths are counted
 * in characters (Unicode code points), as the formatter counts them. Each rule is checked on the real tree and, as a
 * control, on made-up files that break it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Folders holding source; generated output (dist/, reports/, coverage/) and node_modules are not walked. */
const ROOTS = ["src", "conformance", "bench", "scripts", "bin", "fixtures"];
const MAX_LINES = 400;
const MAX_WIDTH = 120;

/**
 * Files that may break a limit, each with the reason it cannot comply. Empty: every file complies. An entry is a
 * repo-relative path; one that complies again must be removed (the test says so).
 */
const ALLOWED = new Map<string, string>([]);

interface SourceFile {
  path: string;
  text: string;
}

function isSource(name: string): boolean {
  return /\.(ts|mjs|js)$/.test(name) && !name.endsWith("_test.ts") && !name.endsWith(".d.ts");
}

/** Every non-test source file under ROOTS. */
function tree(): SourceFile[] {
  const out: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== "node_modules") walk(p);
      } else if (isSource(e.name)) {
        out.push({
          path: relative(ROOT, join(ROOT, p)).replaceAll("\\", "/"),
          text: readFileSync(join(ROOT, p), "utf8"),
        });
      }
    }
  };
  for (const r of ROOTS) walk(r);
  return out;
}

/** The limits `f` breaks: "path: N lines" and "path:LINE: N characters". */
function violations(f: SourceFile): string[] {
  const lines = f.text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const out: string[] = [];
  if (lines.length > MAX_LINES) out.push(`${f.path}: ${lines.length} lines (at most ${MAX_LINES})`);
  lines.forEach((l, i) => {
    const width = [...l.replace(/\r$/, "")].length;
    if (width > MAX_WIDTH) out.push(`${f.path}:${i + 1}: ${width} characters (at most ${MAX_WIDTH})`);
  });
  return out;
}

test("no non-test source file is over 400 lines or has a line over 120 characters", () => {
  const files = tree();
  assert.ok(files.length > 100, `expected the whole tree, found ${files.length} files`);
  assert.ok(files.some((f) => f.path === "src/service/hub.ts") && files.some((f) => f.path === "bin/shieldcall.js"));
  assert.ok(!files.some((f) => f.path.endsWith("_test.ts")), "test files are exempt");
  const bad = files.filter((f) => !ALLOWED.has(f.path)).flatMap(violations);
  assert.deepEqual(
    bad,
    [],
    `Over the limits (split the file along a concern, or the string/comment):\n${bad.join("\n")}`,
  );
  const stale = [...ALLOWED.keys()].filter((p) => {
    const f = files.find((x) => x.path === p);
    return !f || violations(f).length === 0;
  });
  assert.deepEqual(stale, [], "Allow-list entries for files that comply (or are gone): remove them");
});

test("control: a long line and a long file are caught; the limits themselves pass", () => {
  const at = (n: number) => "x".repeat(n);
  assert.deepEqual(violations({ path: "a.ts", text: `${at(120)}\n${at(121)}\n` }), [
    "a.ts:2: 121 characters (at most 120)",
  ]);
  // characters, not UTF-8 bytes or UTF-16 units: 120 "§" (240 bytes) and 120 emoji (240 units) are within the width
  assert.deepEqual(violations({ path: "b.ts", text: `${"§".repeat(120)}\n${"😀".repeat(120)}\n` }), []);
  assert.deepEqual(violations({ path: "c.ts", text: `${"😀".repeat(121)}` }), ["c.ts:1: 121 characters (at most 120)"]);
  const lines = (n: number) => Array.from({ length: n }, (_, i) => `const a${i} = ${i};`).join("\n") + "\n";
  assert.deepEqual(violations({ path: "d.ts", text: lines(400) }), []);
  assert.deepEqual(violations({ path: "e.ts", text: lines(401) }), ["e.ts: 401 lines (at most 400)"]);
  assert.ok(isSource("x.ts") && isSource("x.mjs") && isSource("x.js") && !isSource("x_test.ts") && !isSource("x.json"));
});
