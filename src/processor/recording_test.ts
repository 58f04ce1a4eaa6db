import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { PcmBuffer, RECORDING_MAX_SECONDS, writeRecording } from "./recording.ts";
import { parseWav } from "./wav.ts";

test("PcmBuffer keeps copies of pushed frames up to its bound and then marks itself truncated", () => {
  const b = new PcmBuffer(400);
  const frame = new Int16Array(160).fill(7);
  b.push(frame);
  frame.fill(9); // the caller may reuse its array
  b.push(frame);
  assert.equal(b.truncated, false);
  b.push(frame);
  assert.equal(b.samples, 400);
  assert.equal(b.truncated, true);
  const s = parseWav(b.toWav()).samples;
  assert.equal(s.length, 400);
  assert.equal(s[0], 7);
  assert.equal(s[399], 9);
  b.push(frame);
  assert.equal(b.samples, 400);
  assert.equal(new PcmBuffer().maxSamples, RECORDING_MAX_SECONDS * 16000);
  assert.throws(() => new PcmBuffer(-1), RangeError);
});

test("writeRecording() writes one WAV per direction and a manifest whose hashes match the files", async () => {
  const dir = await mkdtemp(join(tmpdir(), "sc-rec-"));
  try {
    const ab = new PcmBuffer();
    const ba = new PcmBuffer();
    ab.push(new Int16Array([1, 2, 3]));
    ba.push(new Int16Array([-4, -5]));
    const m = await writeRecording(join(dir, "nested"), "c:1/x", 1000, 2000, [
      { direction: "a->b", from: "A", to: "B", buffer: ab },
      { direction: "b->a", from: "B", to: "A", buffer: ba },
    ]);
    assert.equal(m.callId, "c:1/x");
    assert.equal(m.sampleRate, 16000);
    assert.deepEqual([m.startedAt, m.endedAt], [1000, 2000]);
    assert.deepEqual(m.files.map((f) => [f.direction, f.from, f.to, f.samples, f.truncated]), [
      ["a->b", "A", "B", 3, false],
      ["b->a", "B", "A", 2, false],
    ]);
    for (const f of m.files) {
      assert.match(basename(f.path), /^c_1_x\.1000\.\d+[0-9a-f]{4}\.(a-b|b-a)\.wav$/, "call id is made file-name safe");
      const bytes = new Uint8Array(await readFile(f.path));
      assert.equal(f.sha256, bytesToHex(sha256(bytes)));
    }
    assert.deepEqual([...parseWav(new Uint8Array(await readFile(m.files[1]!.path))).samples], [-4, -5]);
    const onDisk = JSON.parse(await readFile(m.manifestPath, "utf8"));
    const { manifestPath: _p, ...rest } = m;
    assert.deepEqual(onDisk, rest);
    // a second recording of the same call never overwrites the first
    const m2 = await writeRecording(join(dir, "nested"), "c:1/x", 1000, 2000, [{
      direction: "a->b",
      from: "A",
      to: "B",
      buffer: ab,
    }]);
    assert.notEqual(m2.files[0]!.path, m.files[0]!.path);
    // a call id starting with "-" does not produce a file name that reads as a command-line option
    const m3 = await writeRecording(dir, "-abc", 5, 6, [{ direction: "a->b", from: "A", to: "B", buffer: ab }]);
    assert.match(basename(m3.files[0]!.path), /^_abc\./);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
