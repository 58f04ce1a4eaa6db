import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { SpeechDecoder, SpeechSource } from "../media/mod.ts";
import { MediaGroupBridge } from "./group.ts";
import type { MediaPort } from "./group.ts";
import type { LegTap } from "./leg.ts";
import type { ProcessorEvent } from "./types.ts";

/** A leg without WebRTC: speaks `text` (16 kHz) through its taps and decodes what the bridge sends it. */
class FakePort implements MediaPort {
  bridgedBy: object | null = null;
  readonly taps = new Set<LegTap>();
  readonly heardDecoder = new SpeechDecoder(16000);
  readonly #src: SpeechSource | null;
  readonly #dec = new SpeechDecoder(16000);
  videoIn: string[] = [];
  constructor(readonly id: string, text: string | null) {
    this.#src = text === null ? null : new SpeechSource({ text, sampleRate: 16000 });
  }
  tap(t: LegTap): () => void {
    this.taps.add(t);
    return () => this.taps.delete(t);
  }
  sendAudio(samples: Int16Array): void {
    this.heardDecoder.push(samples);
  }
  sendVideo(frame: { width: number; height: number; data: Uint8Array }): void {
    this.videoIn.push(new TextDecoder().decode(frame.data));
  }
  /** One 10 ms tick: the frame this leg "received" from its endpoint goes to the taps. */
  tick(): void {
    const samples = this.#src ? this.#src.next() : new Int16Array(160);
    const digits = this.#dec.push(samples);
    for (const t of this.taps) t.audio?.(samples, digits);
    for (const t of this.taps) t.video?.({ width: 1, height: 1, data: new TextEncoder().encode(this.id) });
  }
}

const ctx = (events: string[]) => ({ log: (e: Omit<ProcessorEvent, "at">) => events.push(e.type), onClosed: () => {} });

function run(ports: FakePort[], seconds: number): void {
  for (let i = 0; i < seconds * 100; i++) for (const p of ports) p.tick();
}

describe("MediaGroupBridge (SPEC §4.5 CC8)", () => {
  test("MediaGroupBridge lets each of three parties hear both others' digits in turn", () => {
    const texts = { a: "123456", b: "789*0#", c: "ABCD14" };
    const ports = Object.entries(texts).map(([k, t]) => new FakePort(k, t));
    const g = new MediaGroupBridge(ports.map((p) => ({ port: p, key: p.id, speaks: true })), "g1", ctx([]));
    run(ports, 16);
    for (const p of ports) {
      for (const [k, t] of Object.entries(texts)) {
        const heard = p.heardDecoder.heard;
        if (k === p.id) assert.ok(!heard.includes(t), `${p.id} must not hear itself: "${heard}"`);
        else assert.ok(heard.includes(t), `${p.id} should hear ${k} "${t}" in "${heard}"`);
      }
    }
    const st = g.stats();
    assert.ok(st.members.every((m) => m.switches >= 3), JSON.stringify(st));
    // Video follows the forwarded audio source.
    assert.ok(new Set(ports[0]!.videoIn).size === 2);
    void g.close();
  });

  test("MediaGroupBridge never forwards a listen-only member nor one device of a user to another", () => {
    const b = new FakePort("b", "789*0#");
    const a1 = new FakePort("a1", "123456");
    const a2 = new FakePort("a2", "ABCD14");
    const g = new MediaGroupBridge(
      [
        { port: b, key: "bob", speaks: true },
        { port: a1, key: "alice", speaks: true },
        { port: a2, key: "alice", speaks: false },
      ],
      "g2",
      ctx([]),
    );
    run([b, a1, a2], 6);
    assert.ok(a2.heardDecoder.heard.includes("789*0#"), "the companion hears the other party");
    assert.ok(!a2.heardDecoder.heard.includes("123456"), "the companion does not hear its own user's other device");
    assert.ok(b.heardDecoder.heard.includes("123456"));
    assert.ok(!b.heardDecoder.heard.includes("ABCD14"), "nobody hears a listen-only member");
    assert.ok(!a1.heardDecoder.heard.includes("ABCD14"));
    void g.close();
  });

  test("MediaGroupBridge.close() stops forwarding and frees the legs for another bridge; bridged legs are refused", async () => {
    const a = new FakePort("a", "123456");
    const b = new FakePort("b", "789*0#");
    const events: string[] = [];
    const g = new MediaGroupBridge(
      [{ port: a, key: "a", speaks: true }, { port: b, key: "b", speaks: true }],
      "g3",
      ctx(events),
    );
    assert.equal(a.bridgedBy, g);
    assert.throws(
      () =>
        new MediaGroupBridge(
          [{ port: a, key: "a", speaks: true }, { port: new FakePort("c", null), key: "c", speaks: true }],
          "g4",
          ctx([]),
        ),
      { code: "BAD_STATE" },
    );
    assert.throws(
      () => new MediaGroupBridge([{ port: new FakePort("d", null), key: "d", speaks: true }], "g5", ctx([])),
      TypeError,
    );
    await g.close();
    assert.equal(a.bridgedBy, null);
    assert.equal(g.forwarding, false);
    const before = b.heardDecoder.heard;
    run([a, b], 2);
    assert.equal(b.heardDecoder.heard, before, "nothing forwarded after close");
    assert.deepEqual(events, ["group.closed"]);
  });
});
