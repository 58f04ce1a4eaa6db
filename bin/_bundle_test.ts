import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// @ts-ignore: plain JS module next to this test (bin/ holds the Node entry point, which tsx does not load)
import { bundleFresh, fileHash, pinBundle, removePinned } from "./_bundle.js";

/** A project root with one source file and a bundle built from it. */
function project(): { root: string; src: string } {
  const root = mkdtempSync(join(tmpdir(), "shieldcall-bundle-"));
  mkdirSync(join(root, "src"));
  mkdirSync(join(root, "dist", "node"), { recursive: true });
  const src = join(root, "src", "a.ts");
  writeFileSync(src, "export const a = 1;\n");
  writeFileSync(join(root, "dist", "node", "shieldcall.mjs"), "export const a = 1;\n");
  return { root, src };
}

function record(root: string, src: string): void {
  const s = statSync(src);
  writeFileSync(
    join(root, "dist", "node", "inputs.json"),
    JSON.stringify({ inputs: { "src/a.ts": [s.size, Math.round(s.mtimeMs), fileHash(src)] } }),
  );
}

test("bundleFresh() holds while the inputs are unchanged, or only touched, and fails on any edit or loss", () => {
  const { root, src } = project();
  try {
    assert.equal(bundleFresh(root), false, "no inputs.json: never fresh");
    record(root, src);
    assert.equal(bundleFresh(root), true);
    utimesSync(src, new Date(2001, 1, 1), new Date(2001, 1, 1)); // npm pack resets mtimes: same bytes
    assert.equal(bundleFresh(root), true, "a new mtime with the same bytes is still fresh");
    writeFileSync(src, "export const a = 2;\n"); // same size, new content
    assert.equal(bundleFresh(root), false, "an edit of the same size is stale");
    record(root, src);
    writeFileSync(src, "export const a = 22;\n");
    assert.equal(bundleFresh(root), false, "an edit that changes the size is stale");
    record(root, src);
    rmSync(src);
    assert.equal(bundleFresh(root), false, "a missing input is stale");
    writeFileSync(src, "x");
    record(root, src);
    rmSync(join(root, "dist", "node", "shieldcall.mjs"));
    assert.equal(bundleFresh(root), false, "no bundle: never fresh");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("pinBundle() gives a run its own copy, which a rebuild does not change, and removes copies of finished runs", () => {
  const { root } = project();
  try {
    const dir = join(root, "dist", "node");
    // a copy left by a run whose process is gone (pid 2^22 + 1 is above Linux's pid limit) and one of a live run
    writeFileSync(join(dir, "shieldcall-run-4194305.mjs"), "old");
    writeFileSync(join(dir, `shieldcall-run-${process.ppid}.mjs`), "live");
    const path = pinBundle(root, 12345);
    assert.equal(path, join(dir, "shieldcall-run-12345.mjs"));
    assert.equal(readFileSync(path, "utf8"), "export const a = 1;\n");
    writeFileSync(join(dir, "shieldcall.mjs"), "export const a = 2;\n"); // a rebuild during the run
    assert.equal(readFileSync(path, "utf8"), "export const a = 1;\n", "the run keeps the code it started with");
    assert.equal(existsSync(join(dir, "shieldcall-run-4194305.mjs")), false, "a finished run's copy is removed");
    assert.equal(existsSync(join(dir, `shieldcall-run-${process.ppid}.mjs`)), true, "a live run's copy stays");
    removePinned(path);
    assert.equal(existsSync(path), false);
    removePinned(path); // twice is harmless
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
