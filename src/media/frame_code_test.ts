import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeFrame, encodeFrame, FRAME_CODE, i420Size, low32Ms, readFrameBytes } from "./mod.ts";
import { gaussian, prng } from "./_testing/signals.ts";

type Decode = typeof decodeFrame;
const W = 320;
const H = 240;

/** Pixel rectangle of grid cell `cell` per SPEC §11.2 (columns/rows spread evenly over the frame). */
function cellRect(cell: number, width: number, height: number): { x0: number; x1: number; y0: number; y1: number } {
  const c = cell % FRAME_CODE.cols;
  const r = Math.floor(cell / FRAME_CODE.cols);
  return {
    x0: Math.floor((c * width) / FRAME_CODE.cols),
    x1: Math.floor(((c + 1) * width) / FRAME_CODE.cols),
    y0: Math.floor((r * height) / FRAME_CODE.rows),
    y1: Math.floor(((r + 1) * height) / FRAME_CODE.rows),
  };
}

/** Sets every luma pixel of a cell. */
function paintCell(f: Uint8Array, cell: number, luma: number, width = W, height = H): void {
  const { x0, x1, y0, y1 } = cellRect(cell, width, height);
  for (let y = y0; y < y1; y++) f.fill(luma, y * width + x0, y * width + x1);
}

/** Flips payload bit `i` by swapping the luma of its two cells (the pair stays well formed). */
function flipBit(f: Uint8Array, i: number): Uint8Array {
  const g = f.slice();
  const a = g[cellRect(2 * i, W, H).y0 * W + cellRect(2 * i, W, H).x0]!;
  const b = g[cellRect(2 * i + 1, W, H).y0 * W + cellRect(2 * i + 1, W, H).x0]!;
  paintCell(g, 2 * i, b);
  paintCell(g, 2 * i + 1, a);
  return g;
}

/** Box-filter downscale of the Y plane by an integer factor (chroma left neutral). */
function downscale(f: Uint8Array, k: number): { data: Uint8Array; width: number; height: number } {
  const w = W / k;
  const h = H / k;
  const out = new Uint8Array(i420Size(w, h)).fill(128);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let s = 0;
      for (let dy = 0; dy < k; dy++) for (let dx = 0; dx < k; dx++) s += f[(y * k + dy) * W + x * k + dx]!;
      out[y * w + x] = Math.round(s / (k * k));
    }
  }
  return { data: out, width: w, height: h };
}

/** A lossy-codec stand-in: 3×3 blur, contrast squeezed toward grey, 8×8 block means mixed in, Gaussian noise. */
function degrade(f: Uint8Array, seed: number): Uint8Array {
  const rand = prng(seed);
  const g = f.slice();
  for (let y = 1; y < H - 1; y++) {
    for (let x = 1; x < W - 1; x++) {
      let s = 0;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) s += f[(y + dy) * W + x + dx]!;
      g[y * W + x] = s / 9;
    }
  }
  for (let by = 0; by < H; by += 8) {
    for (let bx = 0; bx < W; bx += 8) {
      let m = 0;
      for (let y = by; y < by + 8; y++) for (let x = bx; x < bx + 8; x++) m += g[y * W + x]!;
      m /= 64;
      for (let y = by; y < by + 8; y++) {
        for (let x = bx; x < bx + 8; x++) {
          const v = 0.5 * g[y * W + x]! + 0.5 * m; // half the detail of each block lost
          g[y * W + x] = Math.max(0, Math.min(255, Math.round(128 + 0.6 * (v - 128) + gaussian(rand, 20))));
        }
      }
    }
  }
  return g;
}

/** SPEC §11.2 checks of a decoder; returns the names of the checks it fails. */
function frameCodeChecks(decode: Decode): string[] {
  const failed: string[] = [];
  const frame = encodeFrame(123456, 1_700_000_123_456);
  const want = { counter: 123456, sentAtMs: low32Ms(1_700_000_123_456) };
  const same = (r: ReturnType<Decode>) => r !== null && r.counter === want.counter && r.sentAtMs === want.sentAtMs;
  if (!same(decode(frame, W, H))) failed.push("round trip");
  const d2 = downscale(frame, 2);
  if (!same(decode(d2.data, d2.width, d2.height))) failed.push("scaled to half");
  if (![1, 2, 3].every((seed) => same(decode(degrade(frame, seed), W, H)))) failed.push("lossy degradation");
  for (let i = 0; i < FRAME_CODE.bits; i++) {
    if (decode(flipBit(frame, i), W, H) !== null) {
      failed.push("one flipped bit");
      break;
    }
  }
  const rand = prng(99);
  for (let n = 0; n < 20; n++) {
    const noise = Uint8Array.from({ length: i420Size(W, H) }, () => Math.floor(rand() * 256));
    if (decode(noise, W, H) !== null) {
      failed.push("noise");
      break;
    }
  }
  for (let n = 0; n < 200; n++) {
    // Random well-formed pairs: every bit has full contrast, so only the checksum can reject them.
    const f = frame.slice();
    for (let i = 0; i < FRAME_CODE.bits; i++) {
      const one = rand() < 0.5;
      paintCell(f, 2 * i, one ? FRAME_CODE.white : FRAME_CODE.black);
      paintCell(f, 2 * i + 1, one ? FRAME_CODE.black : FRAME_CODE.white);
    }
    if (decode(f, W, H) !== null) {
      failed.push("random blocks");
      break;
    }
  }
  return failed;
}

/** Broken variant: reads the bits but skips the CRC-32. */
const decodeWithoutCrc: Decode = (data, width, height) => {
  const b = readFrameBytes(data, width, height);
  if (b === null) return null;
  const v = new DataView(b.buffer);
  return { counter: v.getUint32(0), sentAtMs: v.getUint32(4) };
};

test("decodeFrame() passes every frame-code check: round trip, scaling, lossy coding, bit flips, noise", () => {
  assert.deepEqual(frameCodeChecks(decodeFrame), []);
});

test("frameCodeChecks() catches a decoder that skips the CRC-32", () => {
  const failed = frameCodeChecks(decodeWithoutCrc);
  assert.ok(failed.includes("one flipped bit"), `failed: ${failed}`);
  assert.ok(failed.includes("random blocks"), `failed: ${failed}`);
});

test("encodeFrame()/decodeFrame() round-trip counters and send times across the 32-bit range", () => {
  const now = Date.now();
  for (
    const [c, t] of [[0, 0], [1, now], [2 ** 32 - 1, 2 ** 32 - 1], [2 ** 32 + 5, 2 ** 40 + 7], [77, now + 66]] as const
  ) {
    const r = decodeFrame(encodeFrame(c, t), W, H);
    assert.deepEqual(r, { counter: c % 2 ** 32, sentAtMs: low32Ms(t) });
  }
  const big = encodeFrame(42, now, 640, 480);
  assert.deepEqual(decodeFrame(big, 640, 480), { counter: 42, sentAtMs: low32Ms(now) });
});

test("encodeFrame() draws an I420 frame: black/white luma cells, neutral chroma", () => {
  const f = encodeFrame(5, 6);
  assert.equal(f.length, W * H * 1.5);
  assert.equal(i420Size(W, H), W * H * 1.5);
  assert.ok(f.subarray(W * H).every((v) => v === 128));
  assert.ok(f.subarray(0, W * H).every((v) => v === FRAME_CODE.black || v === FRAME_CODE.white));
  // The two cells of every bit differ (Manchester pairs).
  for (let i = 0; i < FRAME_CODE.bits; i++) {
    const a = cellRect(2 * i, W, H);
    const b = cellRect(2 * i + 1, W, H);
    assert.notEqual(f[a.y0 * W + a.x0], f[b.y0 * W + b.x0]);
  }
});

test("decodeFrame() returns null for a frame with one damaged cell, a flat frame, or a frame too small", () => {
  const f = encodeFrame(9, 10);
  for (const cell of [0, 37, 191]) {
    const g = f.slice();
    const { x0, y0 } = cellRect(cell, W, H);
    paintCell(g, cell, g[y0 * W + x0] === FRAME_CODE.white ? FRAME_CODE.black : FRAME_CODE.white);
    assert.equal(decodeFrame(g, W, H), null, `cell ${cell}`);
  }
  assert.equal(decodeFrame(new Uint8Array(i420Size(W, H)).fill(128), W, H), null);
  assert.equal(decodeFrame(new Uint8Array(i420Size(W, H)), W, H), null);
  assert.equal(decodeFrame(new Uint8Array(i420Size(16, 12)), 16, 12), null);
});

test("encodeFrame()/decodeFrame() reject bad sizes, counters and short data", () => {
  assert.throws(() => encodeFrame(-1, 0), RangeError);
  assert.throws(() => encodeFrame(1.5, 0), RangeError);
  assert.throws(() => encodeFrame(1, Number.NaN), RangeError);
  assert.throws(() => encodeFrame(1, 0, 321, 240), RangeError);
  assert.throws(() => encodeFrame(1, 0, 16, 12), RangeError);
  assert.throws(() => decodeFrame(new Uint8Array(100), W, H), RangeError);
  assert.throws(() => decodeFrame(new Uint8Array(100), 0, 10), RangeError);
});
