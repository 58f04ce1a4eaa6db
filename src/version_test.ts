import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { VERSION } from "./version.ts";

test("VERSION equals package.json's version (bump both together)", () => {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  assert.match(pkg.version, /^\d+\.\d+\.\d+/);
  assert.equal(VERSION, pkg.version);
});

test("no other source file spells the version out", () => {
  const files = [
    "src/driver/stdio_server.ts",
    "src/cli.ts",
    "src/cli/conformance.ts",
    "src/cli/mutants.ts",
    "src/protocol/_examples.ts",
  ];
  for (const f of files) {
    const text = readFileSync(new URL(`../${f}`, import.meta.url), "utf8");
    assert.ok(!text.includes(`"${VERSION}"`), `${f} writes "${VERSION}" literally: import VERSION from src/version.ts`);
  }
});
