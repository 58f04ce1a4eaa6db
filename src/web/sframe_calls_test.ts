/**
 * The web client's SFrame worker for calls (src/web/sframe_calls.ts), keyed from a real handshake (WebCrypto,
 * src/web/handshake.ts), with in-memory encoded-frame streams standing in for `RTCRtpScriptTransform`:
 * - nothing is sealed before the gate opens (SPEC §5.9, §13.10), then the caller seals under KID 0 with its own base
 *   key and the callee opens it (SPEC §13.3–§13.4), audio whole and video with its clear VP8 prefix (SPEC §13.7);
 * - audio and video of one sender share one CTR (SPEC §13.4);
 * - drops are counted by reason: the own KID (`kid`), a tampered frame (`auth`), a replay (`replay`); the stream
 *   goes on (SPEC §13.6); the counters reach the page as a report;
 * - control: a receiver keyed with its OWN base key as the peer's opens nothing;
 * - `plain` passes frames unchanged (a standard call after an SFrame offer); after `end` nothing passes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as hs from "./handshake.ts";
import { honestHandshake } from "./_testing/honest_handshake.ts";
import { decodeHeader } from "./sframe.ts";
import { type CallReport, type CallTransformOptions, CallWorker, REPORT_MS } from "./sframe_calls.ts";

type Frame = { data: ArrayBuffer; type?: "key" | "delta" | "empty" };

/** A worker with a fake global scope: messages posted to the page are collected. */
function worker() {
  const posted: CallReport[] = [];
  const scope = { onrtctransform: null, onmessage: null, postMessage: (d: unknown) => posted.push(d as CallReport) };
  return { w: new CallWorker(scope), posted };
}

/** One transform: write frames in, read what came out. */
function transform(w: CallWorker, options: CallTransformOptions) {
  const input = new TransformStream<Frame, Frame>(), output = new TransformStream<Frame, Frame>();
  const done = w.run({ readable: input.readable, writable: output.writable, options });
  const writer = input.writable.getWriter(), reader = output.readable.getReader();
  const out: Frame[] = [];
  void (async () => {
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      out.push(r.value);
    }
  })();
  return {
    out,
    async push(data: Uint8Array, type?: Frame["type"]) {
      await writer.write({ data: data.slice().buffer, ...(type ? { type } : {}) });
      await new Promise((r) => setTimeout(r, 5));
    },
    async close() {
      await writer.close();
      await done;
    },
  };
}

async function keys() {
  const { a, f } = await honestHandshake({ callId: "c", profiles: ["sframe", "dtls-srtp"], profile: "sframe" });
  return await hs.derive("caller", a.privateKey, f);
}

const bytes = (n: number, v: number) => new Uint8Array(n).fill(v);
const u8 = (f: Frame) => new Uint8Array(f.data);

test("CallWorker seals only after the gate, under the caller's KID, and the callee opens audio and video", async () => {
  const d = await keys();
  const alice = worker(), bob = worker();
  await alice.w.handle({ type: "keys", callId: "c", role: "caller", own: d.sframeA, peer: d.sframeB });
  await bob.w.handle({ type: "keys", callId: "c", role: "callee", own: d.sframeB, peer: d.sframeA });
  const sendA = transform(alice.w, { callId: "c", side: "send", kind: "audio" });
  const sendV = transform(alice.w, { callId: "c", side: "send", kind: "video" });
  await sendA.push(bytes(100, 1));
  assert.equal(sendA.out.length, 0, "SPEC §5.9: nothing sealed before the peer's tag verified");
  await alice.w.handle({ type: "gate", callId: "c" });
  await sendA.push(bytes(100, 1));
  await sendV.push(bytes(1200, 2), "key");
  await sendA.push(bytes(100, 3));
  assert.equal(sendA.out.length, 2);
  const [a0, a1] = sendA.out.map(u8), v0 = u8(sendV.out[0]!);
  assert.deepEqual([decodeHeader(a0!).kid, decodeHeader(a0!).ctr], [0n, 0n]);
  assert.deepEqual(v0.subarray(0, 10), bytes(10, 2), "SPEC §13.7: a key frame's first 10 bytes stay in clear");
  assert.equal(decodeHeader(v0.subarray(10)).ctr, 1n, "SPEC §13.4: audio and video share one CTR");
  assert.equal(decodeHeader(a1!).ctr, 2n);

  const recvA = transform(bob.w, { callId: "c", side: "receive", kind: "audio" });
  const recvV = transform(bob.w, { callId: "c", side: "receive", kind: "video" });
  await recvA.push(a0!);
  await recvV.push(v0, "key");
  assert.deepEqual(u8(recvA.out[0]!), bytes(100, 1));
  assert.deepEqual(u8(recvV.out[0]!), bytes(1200, 2));
  // SPEC §13.6: a replay, a tampered frame and a frame under the receiver's own KID are dropped and counted
  await recvA.push(a0!);
  const tampered = a1!.slice();
  tampered[tampered.length - 1]! ^= 1;
  await recvA.push(tampered);
  const bobSend = transform(bob.w, { callId: "c", side: "send", kind: "audio" });
  await bob.w.handle({ type: "gate", callId: "c" });
  await bobSend.push(bytes(50, 4));
  await recvA.push(u8(bobSend.out[0]!));
  await recvA.push(a1!);
  assert.equal(recvA.out.length, 2, "the stream goes on after drops");
  await new Promise((r) => setTimeout(r, REPORT_MS + 50));
  const r = bob.posted.at(-1)!;
  assert.deepEqual([r.sealed, r.opened, r.dropped], [1, 3, { header: 0, kid: 1, replay: 1, auth: 1 }]);
  assert.ok(r.lastOpenAt !== null && r.lastDropAt !== null);
  assert.equal(alice.w.report("c")!.sealed, 3);
  for (const t of [sendA, sendV, recvA, recvV, bobSend]) await t.close();
});

test("control: a receiver keyed with its own base key as the peer's opens nothing (SFRAME_AUTH_FAILED)", async () => {
  const d = await keys();
  const alice = worker(), bob = worker();
  await alice.w.handle({ type: "keys", callId: "c", role: "caller", own: d.sframeA, peer: d.sframeB });
  await alice.w.handle({ type: "gate", callId: "c" });
  await bob.w.handle({ type: "keys", callId: "c", role: "callee", own: d.sframeB, peer: d.sframeB });
  const send = transform(alice.w, { callId: "c", side: "send", kind: "audio" });
  const recv = transform(bob.w, { callId: "c", side: "receive", kind: "audio" });
  for (let i = 0; i < 3; i++) await send.push(bytes(80, i));
  for (const f of send.out) await recv.push(u8(f));
  assert.equal(recv.out.length, 0);
  assert.deepEqual(bob.w.report("c")!.dropped, { header: 0, kid: 0, replay: 0, auth: 3 });
  await send.close();
  await recv.close();
});

test("CallWorker passes frames unchanged in a standard call (plain) and drops everything after end", async () => {
  const { w } = worker();
  const send = transform(w, { callId: "p", side: "send", kind: "audio" });
  await w.handle({ type: "plain", callId: "p" });
  await send.push(bytes(10, 5));
  assert.deepEqual(u8(send.out[0]!), bytes(10, 5));
  await w.handle({ type: "end", callId: "p" });
  await send.push(bytes(10, 6));
  assert.equal(send.out.length, 1);
  assert.equal(w.report("p"), null);
  await send.close();
});
