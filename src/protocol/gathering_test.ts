import { test } from "node:test";
import assert from "node:assert/strict";
import { candidateTransport, udpGathered } from "./gathering.ts";

const UDP = "candidate:1 1 udp 2122194687 192.0.2.2 46197 typ host generation 0";
const TCP = "candidate:2 1 tcp 1518214911 192.0.2.2 33569 typ host tcptype passive generation 0";

/** An event target standing in for RTCPeerConnection's gathering events. */
class FakePc {
  iceGatheringState = "gathering";
  localDescription: { sdp: string } | null = null;
  readonly #fns = new Map<string, Set<(ev: never) => void>>();
  addEventListener(t: string, fn: (ev: never) => void): void {
    if (!this.#fns.has(t)) this.#fns.set(t, new Set());
    this.#fns.get(t)!.add(fn);
  }
  removeEventListener(t: string, fn: (ev: never) => void): void {
    this.#fns.get(t)?.delete(fn);
  }
  emit(t: string, ev: unknown): void {
    for (const f of this.#fns.get(t) ?? []) f(ev as never);
  }
  candidate(c: string | null): void {
    this.emit("icecandidate", { candidate: c === null ? null : { candidate: c } });
  }
  get listeners(): number {
    return [...this.#fns.values()].reduce((n, s) => n + s.size, 0);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("candidateTransport() reads the transport of an attribute or an event's candidate", () => {
  assert.equal(candidateTransport(UDP), "udp");
  assert.equal(candidateTransport(`a=${TCP}`), "tcp");
  assert.equal(candidateTransport("a=candidate:x 1 UDP 1 ::1 9 typ host"), "udp");
  assert.equal(candidateTransport("a=mid:0"), null);
});

test("udpGathered() ends the UDP burst after the quiet period, not at gathering complete", async () => {
  const pc = new FakePc();
  const t0 = Date.now();
  const p = udpGathered(pc, { timeoutMs: 5000, quietMs: 30 });
  pc.candidate(UDP);
  await sleep(10);
  pc.candidate(UDP); // still in the burst: the quiet period restarts
  assert.equal(await p, "udp");
  assert.ok(Date.now() - t0 >= 35, "the quiet period restarted at the second candidate");
  assert.equal(pc.listeners, 0);
});

test("udpGathered() never ends on quiet before a UDP candidate, and a TCP candidate after UDP ends it at once", async () => {
  const pc = new FakePc();
  let by: string | null = null;
  const p = udpGathered(pc, { timeoutMs: 5000, quietMs: 5 }).then((b) => (by = b));
  pc.candidate(TCP); // TCP before any UDP: not the end of the UDP step
  await sleep(30);
  assert.equal(by, null, "no UDP candidate yet: still waiting");
  const q = new FakePc();
  const r = udpGathered(q, { timeoutMs: 5000, quietMs: 10_000 });
  q.candidate(UDP);
  q.candidate(TCP);
  assert.equal(await r, "udp");
  pc.iceGatheringState = "complete";
  pc.emit("icegatheringstatechange", {});
  await p;
  assert.equal(by, "complete");
});

test("udpGathered() counts candidates already in the local description, and honours complete, null, timeout and close", async () => {
  const early = new FakePc();
  early.localDescription = { sdp: `v=0\r\na=${UDP}\r\n` };
  assert.equal(await udpGathered(early, { timeoutMs: 5000, quietMs: 5 }), "udp");
  const done = new FakePc();
  done.iceGatheringState = "complete";
  assert.equal(await udpGathered(done, { timeoutMs: 5000 }), "complete");
  const end = new FakePc();
  const e = udpGathered(end, { timeoutMs: 5000 });
  end.candidate(null);
  assert.equal(await e, "complete");
  assert.equal(await udpGathered(new FakePc(), { timeoutMs: 20 }), "timeout");
  let closed = false;
  const c = udpGathered(new FakePc(), { timeoutMs: 5000, isClosed: () => closed });
  closed = true;
  assert.equal(await c, "closed");
});
