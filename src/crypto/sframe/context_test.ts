import { test } from "node:test";
import assert from "node:assert/strict";
import { SFrameContext } from "./context.ts";
import { encodeHeader } from "./header.ts";
import { CIPHER_SUITES } from "./suites.ts";

const KEY_A = new Uint8Array(16).fill(1), KEY_B = new Uint8Array(16).fill(2);
const code = (f: () => unknown) => {
  try {
    f();
    return "ok";
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
};

/** A sender with KEY_A under KID 3 and a receiver that decrypts KID 3 (and KID 4 with KEY_B). */
function pair(suite = 4, window?: number) {
  const tx = new SFrameContext(suite), rx = new SFrameContext(suite, window ? { replayWindow: window } : {});
  tx.addEncryptKey(3, KEY_A);
  rx.addDecryptKey(3, KEY_A);
  rx.addDecryptKey(4, KEY_B);
  return { tx, rx };
}

test("SFrameContext seals with an advancing CTR and opens every suite's frames", () => {
  for (const id of Object.keys(CIPHER_SUITES).map(Number)) {
    const { tx, rx } = pair(id);
    const pt = new TextEncoder().encode(`frame of suite ${id}`);
    const meta = new Uint8Array([9, 9]);
    for (let i = 0n; i < 10n; i++) {
      const frame = tx.seal(3, pt, meta);
      const got = rx.open(frame, meta);
      assert.equal(got.ctr, i);
      assert.equal(got.kid, 3n);
      assert.deepEqual(got.plaintext, pt);
      assert.equal(frame.length, encodeHeader(3, i).length + pt.length + CIPHER_SUITES[id]!.nt);
    }
    assert.equal(rx.stats.opened, 10);
    assert.equal(tx.stats.sealed, 10);
  }
});

test("SFrameContext.open() drops tampered, truncated, replayed and unknown-KID frames, counting each reason", () => {
  const { tx, rx } = pair();
  const f0 = tx.seal(3, new Uint8Array(100).fill(7));
  const tamper = (i: number) => f0.map((b, j) => (j === i ? b ^ 1 : b));
  const header = (h: number) => f0.map((b, j) => (j === 0 ? h : b));
  assert.equal(code(() => rx.open(header(0x20))), "SFRAME_UNKNOWN_KID", "header 0x30 → 0x20: KID 3 becomes KID 2");
  assert.equal(code(() => rx.open(tamper(0))), "SFRAME_AUTH_FAILED", "header 0x30 → 0x31: CTR 0 becomes 1");
  assert.equal(code(() => rx.open(tamper(50))), "SFRAME_AUTH_FAILED");
  assert.equal(code(() => rx.open(tamper(f0.length - 1))), "SFRAME_AUTH_FAILED");
  assert.equal(code(() => rx.open(f0.subarray(0, f0.length - 1))), "SFRAME_AUTH_FAILED");
  assert.equal(code(() => rx.open(f0.subarray(0, 5))), "SFRAME_AUTH_FAILED");
  assert.equal(code(() => rx.open(new Uint8Array([0x88]))), "SFRAME_BAD_HEADER");
  assert.equal(code(() => rx.open(f0, new Uint8Array([1]))), "SFRAME_AUTH_FAILED", "metadata is authenticated");
  assert.equal(code(() => rx.open(f0)), "ok", "control: the untouched frame opens after all the bad ones");
  assert.equal(code(() => rx.open(f0)), "SFRAME_REPLAY");
  assert.deepEqual(rx.stats.dropped, { header: 1, kid: 1, replay: 1, auth: 6 });
  assert.equal(rx.stats.opened, 1);
});

test("SFrameContext.open(): a frame under another sender's KID does not open with that sender's key", () => {
  const { tx, rx } = pair();
  const spoof = new SFrameContext(4);
  spoof.addEncryptKey(4, KEY_A); // KEY_A relabelled as KID 4, whose real key is KEY_B
  assert.equal(code(() => rx.open(spoof.seal(4, new Uint8Array(10)))), "SFRAME_AUTH_FAILED");
  assert.equal(code(() => rx.open(tx.seal(3, new Uint8Array(10)))), "ok");
});

test("SFrameContext accepts reordering inside the replay window and drops older frames", () => {
  const { tx, rx } = pair(4, 4);
  const frames = Array.from({ length: 8 }, () => tx.seal(3, new Uint8Array(4)));
  assert.equal(code(() => rx.open(frames[5]!)), "ok");
  assert.equal(code(() => rx.open(frames[3]!)), "ok");
  assert.equal(code(() => rx.open(frames[1]!)), "SFRAME_REPLAY", "older than the window");
  assert.equal(code(() => rx.open(frames[2]!)), "ok");
});

test("a failed authentication does not move the replay window", () => {
  const { tx, rx } = pair(4, 4);
  const f = [tx.seal(3, new Uint8Array(4)), tx.seal(3, new Uint8Array(4))];
  const forged = new SFrameContext(4);
  forged.addEncryptKey(3, KEY_B, 1000n);
  assert.equal(code(() => rx.open(forged.seal(3, new Uint8Array(4)))), "SFRAME_AUTH_FAILED");
  assert.equal(code(() => rx.open(f[0]!)), "ok", "CTR 0 still inside the window after a forged CTR 1000");
});

test("SFrameContext keeps each key to one role and stops at the last CTR", () => {
  const ctx = new SFrameContext(4);
  ctx.addEncryptKey(1, KEY_A);
  assert.equal(code(() => ctx.addDecryptKey(1, KEY_A)), "SFRAME_BAD_INPUT");
  assert.equal(code(() => ctx.open(ctx.seal(1, new Uint8Array(1)))), "SFRAME_UNKNOWN_KID", "own frames do not open");
  ctx.addEncryptKey(2, KEY_B, 2n ** 64n - 1n);
  assert.equal(code(() => ctx.seal(2, new Uint8Array(1))), "ok");
  assert.equal(code(() => ctx.seal(2, new Uint8Array(1))), "SFRAME_CTR_EXHAUSTED");
  assert.equal(code(() => ctx.seal(9, new Uint8Array(1))), "SFRAME_BAD_INPUT");
  assert.equal(code(() => new SFrameContext(6)), "SFRAME_BAD_INPUT");
  assert.equal(code(() => ctx.seal(1, "x" as unknown as Uint8Array)), "SFRAME_BAD_INPUT");
});
