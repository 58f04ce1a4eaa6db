/**
 * The web mutants' endpoint faults (src/web/mutants.ts, SPEC §12.7) at the SFrame layer, without a browser: each
 * mutant endpoint does the wrong thing where the clean one (same keys, same frames) does the right one. The kill by the
 * conformance cases is proven end to end in conformance/web_mutants_test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { findWebMutant, WEB_MUTANTS, type WebMutantId, webMutantId } from "./mutants.ts";
import { decodeHeader, SFrameEndpoint } from "./sframe.ts";
import { type CallReport, CallWorker } from "./sframe_calls.ts";

const base = new Uint8Array(32).fill(7);
const pt = new TextEncoder().encode("media frame");

async function pair(sendMutant: WebMutantId | null, recvMutant: WebMutantId | null) {
  const tx = new SFrameEndpoint(4, 128, sendMutant), rx = new SFrameEndpoint(4, 128, recvMutant);
  await tx.addEncryptKey(0, base);
  await rx.addDecryptKey(0, base);
  return { tx, rx };
}
const codeOf = (p: Promise<unknown>) => p.then(() => "ok", (e) => (e as { code?: string }).code ?? String(e));

test("the catalogue: unique ids, a clause and killers each; webMutantId() accepts only a listed id", () => {
  assert.equal(new Set(WEB_MUTANTS.map((m) => m.id)).size, WEB_MUTANTS.length);
  for (const m of WEB_MUTANTS) {
    assert.ok(m.clause.startsWith("§") && m.description && m.killers.length > 0, m.id);
    assert.equal(findWebMutant(m.id), m);
    assert.equal(webMutantId(m.id), m.id);
  }
  for (const id of [null, undefined, "", "keys-reused", "SFRAME-NONCE-REUSE"]) assert.equal(webMutantId(id), null);
});

test("sframe-nonce-reuse, sframe-ctr-frozen: a clean receiver drops the second frame (clean: opens it)", async () => {
  for (const [mutant, code] of [["sframe-nonce-reuse", "SFRAME_AUTH_FAILED"], ["sframe-ctr-frozen", "SFRAME_REPLAY"]]) {
    for (const m of [mutant as WebMutantId, null]) {
      const { tx, rx } = await pair(m, null);
      const [a, b] = [await tx.seal(0, pt), await tx.seal(0, pt)];
      assert.equal(await codeOf(rx.open(a)), "ok");
      assert.equal(await codeOf(rx.open(b)), m ? code : "ok", `${m}`);
    }
  }
});

test("sframe-ctr-skips seals under CTRs 0, 2, 4, which a clean receiver opens (clean: 0, 1, 2)", async () => {
  for (const m of ["sframe-ctr-skips", null] as const) {
    const { tx, rx } = await pair(m, null);
    const frames = [await tx.seal(0, pt), await tx.seal(0, pt), await tx.seal(0, pt)];
    assert.deepEqual(frames.map((f) => decodeHeader(f).ctr), m ? [0n, 2n, 4n] : [0n, 1n, 2n], `${m}`);
    for (const f of frames) assert.equal(await codeOf(rx.open(f)), "ok", `${m}`);
  }
});

test("sframe-replay-off opens a frame twice; sframe-window-strict drops a reordered one (clean: reverse)", async () => {
  for (const m of ["sframe-replay-off", null] as const) {
    const { tx, rx } = await pair(null, m);
    const f = await tx.seal(0, pt);
    await rx.open(f);
    assert.equal(await codeOf(rx.open(f)), m ? "ok" : "SFRAME_REPLAY", `${m}`);
  }
  for (const m of ["sframe-window-strict", null] as const) {
    const { tx, rx } = await pair(null, m);
    const [a, b] = [await tx.seal(0, pt), await tx.seal(0, pt)];
    await rx.open(b);
    assert.equal(await codeOf(rx.open(a)), m ? "SFRAME_REPLAY" : "ok", `${m}`);
  }
});

test("sframe-tag-unchecked opens a tampered frame and counts it opened (clean: SFRAME_AUTH_FAILED)", async () => {
  for (const m of ["sframe-tag-unchecked", null] as const) {
    const { tx, rx } = await pair(null, m);
    const f = await tx.seal(0, pt);
    f[f.length - 1]! ^= 1;
    assert.equal(await codeOf(rx.open(f)), m ? "ok" : "SFRAME_AUTH_FAILED", `${m}`);
    assert.deepEqual([rx.counters.opened, rx.counters.dropped.auth], m ? [1, 0] : [0, 1]);
  }
});

test("sframe-plaintext-accepted passes an unknown KID's frame as plaintext, uncounted (clean: dropped)", async () => {
  const plain = new TextEncoder().encode("SHIELDCALL-PLAINTEXT"); // 0x53: KID 5, CTR 3
  for (const m of ["sframe-plaintext-accepted", null] as const) {
    const { rx } = await pair(null, m);
    const r = await rx.open(plain).catch((e) => e as { code: string });
    if (m) assert.deepEqual((r as { plaintext: Uint8Array }).plaintext, plain);
    else assert.equal((r as { code: string }).code, "SFRAME_UNKNOWN_KID");
    assert.deepEqual([rx.counters.opened, rx.counters.dropped.kid], m ? [0, 0] : [0, 1]);
  }
});

/** A CallWorker with a fake scope, keyed for `role`, and one transform of it: frames in, frames out. */
async function keyedWorker(role: "caller" | "callee", mutant: WebMutantId | null, k: { a: Uint8Array; b: Uint8Array }) {
  const posted: CallReport[] = [];
  const scope = { onrtctransform: null, onmessage: null, postMessage: (d: unknown) => posted.push(d as CallReport) };
  const w = new CallWorker(scope, mutant);
  const [own, peer] = role === "caller" ? [k.a, k.b] : [k.b, k.a];
  await w.handle({ type: "keys", callId: "c", role, own, peer });
  const transform = (side: "send" | "receive", kind: "audio" | "video", callId = "c") => {
    const input = new TransformStream<Frame, Frame>(), output = new TransformStream<Frame, Frame>();
    const done = w.run({ readable: input.readable, writable: output.writable, options: { callId, side, kind } });
    const writer = input.writable.getWriter(), reader = output.readable.getReader();
    const out: Uint8Array[] = [];
    void (async () => {
      for (let r = await reader.read(); !r.done; r = await reader.read()) out.push(new Uint8Array(r.value.data));
    })();
    return {
      out,
      push: async (data: Uint8Array, type?: Frame["type"]) => {
        await writer.write({ data: data.slice().buffer, ...(type ? { type } : {}) });
        await new Promise((r) => setTimeout(r, 5));
      },
      close: async () => {
        await writer.close();
        await done;
      },
    };
  };
  return { w, posted, transform };
}
type Frame = { data: ArrayBuffer; type?: "key" | "delta" | "empty" };
const keysAB = { a: new Uint8Array(32).fill(1), b: new Uint8Array(32).fill(2) };

test("worker mutants: gate-off seals before the gate; kid-swapped seals video under the peer's KID", async () => {
  for (const m of ["sframe-gate-off", null] as const) {
    const { transform } = await keyedWorker("caller", m, keysAB);
    const t = transform("send", "audio");
    await t.push(pt);
    assert.equal(t.out.length, m ? 1 : 0, `${m}: frames sealed before the peer's tag verified`);
    await t.close();
  }
  for (const m of ["sframe-kid-swapped", null] as const) {
    const { w, transform } = await keyedWorker("caller", m, keysAB);
    await w.handle({ type: "gate", callId: "c" });
    const [a, v] = [transform("send", "audio"), transform("send", "video")];
    await a.push(pt);
    await v.push(new Uint8Array(40).fill(9), "key");
    assert.equal(decodeHeader(a.out[0]!).kid, 0n);
    assert.equal(decodeHeader(v.out[0]!.subarray(10)).kid, m ? 1n : 0n, `${m}: the video frame's KID`);
    for (const t of [a, v]) await t.close();
  }
});

test("worker mutants: one-key's callee seals with the caller's key; indicator-sticky keeps no drop time", async () => {
  for (const m of ["sframe-one-key", null] as const) {
    const callee = await keyedWorker("callee", m, keysAB), caller = await keyedWorker("caller", null, keysAB);
    await callee.w.handle({ type: "gate", callId: "c" });
    const [send, recv] = [callee.transform("send", "audio"), caller.transform("receive", "audio")];
    await send.push(pt);
    await recv.push(send.out[0]!);
    assert.equal(recv.out.length, m ? 0 : 1, `${m}: the caller opens the callee's frame`);
    for (const t of [send, recv]) await t.close();
  }
  for (const m of ["sframe-indicator-sticky", null] as const) {
    const { w, transform } = await keyedWorker("caller", m, keysAB);
    const recv = transform("receive", "audio");
    await recv.push(new TextEncoder().encode("SHIELDCALL-PLAINTEXT"));
    const r = w.report("c")!;
    assert.equal(r.dropped.kid, 1, `${m}: the drop is counted`);
    assert.equal(r.lastDropAt === null, m !== null, `${m}: the drop's time, which turns the indicator off`);
    await recv.close();
  }
});

test("worker mutants: video-clear sends video in clear; sealed-uncounted reports no frame sealed", async () => {
  for (const m of ["sframe-video-clear", null] as const) {
    const { w, transform } = await keyedWorker("caller", m, keysAB);
    await w.handle({ type: "gate", callId: "c" });
    const [a, v] = [transform("send", "audio"), transform("send", "video")];
    const video = new Uint8Array(40).fill(9);
    await a.push(pt);
    await v.push(video, "key");
    assert.equal(decodeHeader(a.out[0]!).kid, 0n, `${m}: audio is sealed`);
    assert.equal(v.out[0]!.length === video.length && v.out[0]!.every((b) => b === 9), m !== null, `${m}: video`);
    for (const t of [a, v]) await t.close();
  }
  for (const m of ["sframe-sealed-uncounted", null] as const) {
    const { w, transform } = await keyedWorker("caller", m, keysAB);
    await w.handle({ type: "gate", callId: "c" });
    const a = transform("send", "audio");
    await a.push(pt);
    await a.push(pt);
    assert.equal(a.out.length, 2, `${m}: both frames go out`);
    assert.equal(w.report("c")!.sealed, m ? 0 : 2, `${m}: the sealed count reported`);
    await a.close();
  }
});

test("worker mutant ctr-kept: the next call's sender starts where the last one stopped (clean: at 0)", async () => {
  for (const m of ["sframe-ctr-kept", null] as const) {
    const { w, transform } = await keyedWorker("caller", m, keysAB);
    await w.handle({ type: "gate", callId: "c" });
    const a = transform("send", "audio");
    await a.push(pt);
    await a.push(pt);
    await w.handle({ type: "end", callId: "c" });
    await w.handle({ type: "keys", callId: "c2", role: "caller", own: keysAB.a, peer: keysAB.b });
    await w.handle({ type: "gate", callId: "c2" });
    const b = transform("send", "audio", "c2");
    await b.push(pt);
    assert.equal(decodeHeader(b.out[0]!).ctr, m ? 2n : 0n, `${m}: the second call's first CTR`);
    for (const t of [a, b]) await t.close();
  }
});
