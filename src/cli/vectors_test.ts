import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateVectors } from "../crypto/mod.ts";
import { renderVectors, vectorsCommand, type VectorsIo } from "./vectors.ts";

function capture(): VectorsIo & { out: string[]; err: string[] } {
  const out: string[] = [], err: string[] = [];
  return { out, err, log: (l) => out.push(l), error: (l) => err.push(l) };
}

function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "shieldcall-vectors-"));
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

const COUNT = generateVectors().vectors.length;

test(
  "vectorsCommand() generate writes pretty JSON with a trailing newline and verify accepts it",
  { timeout: 30000 },
  () =>
    withTempDir(async (dir) => {
      const file = join(dir, "nested", "handshake.json");
      const io = capture();
      assert.equal(await vectorsCommand({ action: "generate", out: file }, io), 0);
      assert.deepEqual(io.out, [`wrote ${COUNT} vectors to ${file}`]);
      const text = readFileSync(file, "utf8");
      assert.equal(text, renderVectors());
      assert.ok(text.endsWith("}\n") && text.startsWith('{\n  "version": 3,'));
      const io2 = capture();
      assert.equal(await vectorsCommand({ action: "verify", file }, io2), 0);
      assert.deepEqual(io2.out, [`ok: ${COUNT} vectors verified`]);
      assert.deepEqual(io2.err, []);
    }),
);

test(
  "vectorsCommand() verify fails on one changed byte, naming the vector and the field",
  { timeout: 30000 },
  () =>
    withTempDir(async (dir) => {
      const file = join(dir, "handshake.json");
      const data = generateVectors();
      const v = data.vectors.find((x) => x.name === "mitm-full")!;
      const t = v.callee!.transcript!;
      const changed = t.slice(0, 100) + (t[100] === "0" ? "1" : "0") + t.slice(101);
      v.callee!.transcript = changed;
      writeFileSync(file, JSON.stringify(data, null, 2));
      const io = capture();
      assert.equal(await vectorsCommand({ action: "verify", file }, io), 1);
      assert.equal(io.out[0], `vector "mitm-full" field "callee.transcript": expected ${changed}, got ${t}`);
      assert.match(io.out.at(-1)!, /^FAILED: 1 mismatch in /);
    }),
);

test(
  "vectorsCommand() verify reports a missing file and bad JSON clearly with exit 1",
  { timeout: 30000 },
  () =>
    withTempDir(async (dir) => {
      const io = capture();
      assert.equal(await vectorsCommand({ action: "verify", file: join(dir, "nope.json") }, io), 1);
      assert.match(io.err[0]!, /^vectors verify: cannot read ".*nope\.json": no such file$/);
      const bad = join(dir, "bad.json");
      writeFileSync(bad, "{ not json");
      const io2 = capture();
      assert.equal(await vectorsCommand({ action: "verify", file: bad }, io2), 1);
      assert.match(io2.err[0]!, /^vectors verify: ".*bad\.json" is not valid JSON: /);
      const empty = join(dir, "empty.json");
      writeFileSync(empty, '{"version":3,"vectors":[]}');
      const io3 = capture();
      assert.equal(await vectorsCommand({ action: "verify", file: empty }, io3), 1);
      assert.match(io3.out[0]!, /field "vectors": expected at least one vector/);
    }),
);

test("vectorsCommand() verify accepts the committed fixtures/vectors/handshake.json", { timeout: 30000 }, async () => {
  const file = fileURLToPath(new URL("../../fixtures/vectors/handshake.json", import.meta.url));
  const io = capture();
  assert.equal(await vectorsCommand({ action: "verify", file }, io), 0);
  assert.deepEqual(io.out, [`ok: ${COUNT} vectors verified`]);
});

test(
  "vectorsCommand() generate reports an unwritable destination with exit 1",
  { timeout: 30000 },
  () =>
    withTempDir(async (dir) => {
      const blocker = join(dir, "file");
      writeFileSync(blocker, "x");
      const io = capture();
      assert.equal(await vectorsCommand({ action: "generate", out: join(blocker, "handshake.json") }, io), 1);
      assert.match(io.err[0]!, /^vectors generate: cannot write /);
      assert.equal(await vectorsCommand({ action: "bogus" as "verify" }, io), 1);
      assert.match(io.err[1]!, /unknown action "bogus"/);
    }),
);

test("vectors generate FILE is refused (exit 2, naming --out) and writes nothing, not even the default files", () =>
  withTempDir(async (dir) => {
    const file = join(dir, "mine.json");
    const { runMain } = await import("./_testing/capture.ts");
    const cwd = process.cwd();
    process.chdir(dir); // the default output is relative to the working directory: it must stay empty
    try {
      const r = await runMain(["vectors", "generate", file]);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /^vectors generate: takes no FILE \(got ".*mine\.json"\): write to a file with --out FILE$/m);
      assert.deepEqual(readdirSync(dir), [], "nothing written");
    } finally {
      process.chdir(cwd);
    }
  }));
