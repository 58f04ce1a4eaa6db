import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { VERSION } from "./version.ts";

test("VERSION equals package.json's version (bump both together)", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  assert.equal(VERSION, pkg.version);
});

/** Every non-test .ts, .mjs and .js source file of the tree (src/, conformance/, bench/, scripts/, bin/). */
function sources(): string[] {
  const root = fileURLToPath(new URL("../", import.meta.url));
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|mjs|js)$/.test(e.name) && !e.name.endsWith("_test.ts") && p !== "src/version.ts") out.push(p);
    }
  };
  for (const d of ["src", "conformance", "bench", "scripts", "bin"]) walk(d);
  return out;
}

test("no other source file spells the version out", () => {
  const files = sources();
  assert.ok(files.length > 100, `only ${files.length} files`);
  for (const f of files) {
    const text = readFileSync(new URL(`../${f}`, import.meta.url), "utf8");
    assert.ok(!text.includes(`"${VERSION}"`), `${f} writes "${VERSION}" literally: import VERSION from src/version.ts`);
  }
});
