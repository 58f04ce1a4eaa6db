import { test } from "node:test";
import assert from "node:assert/strict";
import { encodeWav, parseWav, RECORDING_FORMAT, WAV_HEADER_BYTES, WavFormatError } from "./wav.ts";

function pcm(n: number, seed = 1): Int16Array {
  const x = new Int16Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    x[i] = (s >>> 16) - 32768;
  }
  x[0] = -32768;
  if (n > 1) x[1] = 32767;
  return x;
}

test("encodeWav() writes a canonical 16 kHz mono 16-bit RIFF header", () => {
  const wav = encodeWav([new Int16Array([1, -2]), new Int16Array([0x1234])]);
  const v = new DataView(wav.buffer);
  const text = (at: number) => String.fromCharCode(...wav.subarray(at, at + 4));
  assert.equal(wav.length, WAV_HEADER_BYTES + 6);
  assert.equal(text(0), "RIFF");
  assert.equal(v.getUint32(4, true), 36 + 6);
  assert.equal(text(8), "WAVE");
  assert.equal(text(12), "fmt ");
  assert.equal(v.getUint32(16, true), 16);
  assert.equal(v.getUint16(20, true), 1); // PCM
  assert.equal(v.getUint16(22, true), 1); // mono
  assert.equal(v.getUint32(24, true), 16000);
  assert.equal(v.getUint32(28, true), 32000); // byte rate
  assert.equal(v.getUint16(32, true), 2); // block align
  assert.equal(v.getUint16(34, true), 16);
  assert.equal(text(36), "data");
  assert.equal(v.getUint32(40, true), 6);
  // little-endian samples regardless of platform
  assert.deepEqual([...wav.subarray(44)], [0x01, 0x00, 0xfe, 0xff, 0x34, 0x12]);
});

test("parseWav() round-trips encodeWav() output, chunked or not", () => {
  const x = pcm(16003);
  const a = parseWav(encodeWav(x));
  assert.deepEqual(a, { sampleRate: RECORDING_FORMAT.sampleRate, channels: 1, bitsPerSample: 16, samples: x });
  const b = parseWav(encodeWav([x.subarray(0, 7), x.subarray(7, 160), x.subarray(160)]));
  assert.deepEqual(b.samples, x);
  const stereo = parseWav(encodeWav(pcm(10), 48000, 2));
  assert.equal(stereo.sampleRate, 48000);
  assert.equal(stereo.channels, 2);
  assert.equal(parseWav(encodeWav([])).samples.length, 0);
});

test("parseWav() skips unknown chunks with odd-size padding", () => {
  const x = pcm(5);
  const plain = encodeWav(x);
  const extra = new Uint8Array([0x4c, 0x49, 0x53, 0x54, 3, 0, 0, 0, 9, 9, 9, 0]); // "LIST", 3 bytes + pad
  const wav = new Uint8Array(plain.length + extra.length);
  wav.set(plain.subarray(0, 36));
  wav.set(extra, 36);
  wav.set(plain.subarray(36), 36 + extra.length);
  new DataView(wav.buffer).setUint32(4, wav.length - 8, true);
  assert.deepEqual(parseWav(wav).samples, x);
});

test("parseWav() rejects malformed files with WavFormatError", () => {
  const good = encodeWav(pcm(8));
  const broken = (edit: (b: Uint8Array, v: DataView) => void, cut?: number) => {
    const b = good.slice(0, cut ?? good.length);
    edit(b, new DataView(b.buffer));
    return b;
  };
  const cases: Record<string, Uint8Array> = {
    "not RIFF": broken((b) => (b[0] = 0x58)),
    "not WAVE": broken((b) => (b[8] = 0x58)),
    truncated: broken(() => {}, good.length - 2),
    "not PCM": broken((_, v) => v.setUint16(20, 3, true)),
    "8-bit": broken((_, v) => v.setUint16(34, 8, true)),
    "no data chunk": broken((b) => (b[36] = 0x78)),
    "no fmt chunk": broken((b) => (b[12] = 0x78)),
    "chunk overrun": broken((_, v) => v.setUint32(40, 1000, true)),
    "odd data size": broken((_, v) => {
      v.setUint32(40, 15, true);
    }),
    tiny: new Uint8Array([0x52, 0x49]),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    assert.throws(() => parseWav(bytes), WavFormatError, name);
  }
  assert.ok(parseWav(good).samples.length === 8, "the unbroken file parses");
});

test("encodeWav() rejects bad formats and non-Int16 input", () => {
  assert.throws(() => encodeWav(new Int16Array(1), 0), RangeError);
  assert.throws(() => encodeWav(new Int16Array(1), 16000, 0), RangeError);
  assert.throws(() => encodeWav([new Float32Array(1) as unknown as Int16Array]), TypeError);
});
