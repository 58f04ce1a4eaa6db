import { test } from "node:test";
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import type { Socket } from "node:dgram";
import { isShieldCallError } from "../errors.ts";
import { TransportRelay } from "./relay.ts";
import type { RelayAllocation, RelayEvent, RelayStats } from "./relay.ts";
import type { FaultAction, FaultPlan } from "./fault.ts";
import { certificateBody, fakeDer, fp, fragment, record } from "./_testing/dtls_fixtures.ts";

/** A plain UDP endpoint on loopback that records what it receives. */
class Peer {
  readonly got: { data: Uint8Array; from: number }[] = [];
  #waiters: (() => void)[] = [];
  constructor(readonly sock: Socket) {
    sock.on("message", (m: Uint8Array, r) => {
      this.got.push({ data: new Uint8Array(m), from: r.port });
      for (const w of this.#waiters.splice(0)) w();
    });
  }
  static async open(): Promise<Peer> {
    const s = createSocket("udp4");
    await new Promise<void>((r) => s.bind(0, "127.0.0.1", () => r()));
    return new Peer(s);
  }
  get addr() {
    return { address: "127.0.0.1", port: this.sock.address().port };
  }
  send(port: number, data: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) =>
      this.sock.send(data, port, "127.0.0.1", (e) => (e ? reject(e) : resolve()))
    );
  }
  /** Resolves once `n` packets arrived in total; rejects after `ms`. */
  waitFor(n: number, ms = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`Timed out waiting for ${n} packets: got ${this.got.length}`)), ms);
      const check = () => {
        if (this.got.length >= n) {
          clearTimeout(t);
          resolve();
        } else this.#waiters.push(check);
      };
      check();
    });
  }
  close(): Promise<void> {
    return new Promise((r) => this.sock.close(() => r()));
  }
}

/** Polls `fn` until it is true; rejects after `ms`. */
async function until(fn: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error("Condition not met in time");
    await new Promise((r) => setTimeout(r, 5));
  }
}

const packet = (first: number, n: number, len = 40) =>
  Uint8Array.from({ length: len }, (_, i) => (i === 0 ? first : (n * 7 + i) & 0xff));

async function withRelay(fn: (relay: TransportRelay, events: RelayEvent[]) => Promise<void>): Promise<void> {
  const events: RelayEvent[] = [];
  const relay = new TransportRelay({ log: (e) => events.push(e) });
  try {
    await fn(relay, events);
  } finally {
    await relay.close();
  }
}

test("TransportRelay forwards permitted traffic both ways and counts it by class", { timeout: 15000 }, async () => {
  await withRelay(async (relay, events) => {
    const alloc = await relay.allocate("c-fwd");
    assert.notEqual(alloc.ports.b, alloc.ports.a);
    const [a, b] = await Promise.all([Peer.open(), Peer.open()]);
    try {
      alloc.permit("a", [a.addr]);
      alloc.permit("b", [b.addr]);
      const firsts = [0x00, 0x01, 0x16, 0x80, 0xbf, 0x40]; // stun stun dtls srtp srtp other
      for (const [i, f] of firsts.entries()) await a.send(alloc.ports.a, packet(f, i));
      await b.waitFor(firsts.length);
      for (const [i, f] of firsts.slice(2).entries()) await b.send(alloc.ports.b, packet(f, i, 100));
      await a.waitFor(4);
      assert.deepEqual(b.got.map((g) => g.data), firsts.map((f, i) => packet(f, i)), "bytes unchanged, in order");
      assert.ok(b.got.every((g) => g.from === alloc.ports.b), "b hears from the port facing b");
      assert.ok(a.got.every((g) => g.from === alloc.ports.a), "a hears from the port facing a");
      const s = alloc.stats();
      assert.deepEqual(s.forwarded.a_to_b, { stun: 2, dtls: 1, srtp: 2, other: 1, packets: 6, bytes: 240 });
      assert.deepEqual(s.forwarded.b_to_a, { stun: 0, dtls: 1, srtp: 2, other: 1, packets: 4, bytes: 400 });
      assert.deepEqual(s.dropped, { unknownSource: 0, noTarget: 0, fault: 0 });
      assert.equal(s.fault, null);
      assert.deepEqual(events.filter((e) => e.type === "allocated").length, 1);
      assert.equal(relay.get("c-fwd"), alloc);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

test(
  "TransportRelay drops and counts packets from a source not permitted for that port (S1)",
  { timeout: 15000 },
  async () => {
    await withRelay(async (relay, events) => {
      const alloc = await relay.allocate("c-s1");
      const [a, b, stranger] = await Promise.all([Peer.open(), Peer.open(), Peer.open()]);
      try {
        alloc.permit("a", [a.addr]);
        alloc.permit("b", [b.addr]);
        await stranger.send(alloc.ports.a, packet(0x80, 1)); // stranger poses as a
        await stranger.send(alloc.ports.b, packet(0x80, 2)); // stranger poses as b
        await a.send(alloc.ports.b, packet(0x80, 3)); // a on b's port: a is not permitted for b
        await a.send(alloc.ports.a, packet(0x80, 4)); // the one legitimate packet, after the others
        await b.waitFor(1);
        await b.send(alloc.ports.b, packet(0x80, 5));
        await a.waitFor(1);
        assert.deepEqual(b.got.map((g) => g.data), [packet(0x80, 4)], "only a's packet reached b");
        assert.deepEqual(a.got.map((g) => g.data), [packet(0x80, 5)]);
        assert.equal(stranger.got.length, 0, "nothing reached the stranger");
        const s = alloc.stats();
        assert.equal(s.dropped.unknownSource, 3);
        assert.equal(s.forwarded.a_to_b.packets, 1);
        const drops = events.filter((e) => e.type === "drop");
        assert.equal(drops.length, 3);
      } finally {
        await Promise.all([a.close(), b.close(), stranger.close()]);
      }
    });
  },
);

test(
  "TransportRelay with an empty permit list forwards nothing (broken-variant check)",
  { timeout: 15000 },
  async () => {
    await withRelay(async (relay) => {
      const alloc = await relay.allocate("c-empty");
      const [a, b] = await Promise.all([Peer.open(), Peer.open()]);
      try {
        alloc.permit("b", [b.addr]); // a never permitted
        for (let i = 0; i < 5; i++) await a.send(alloc.ports.a, packet(0x00, i));
        await until(() => alloc.stats().dropped.unknownSource === 5);
        await b.send(alloc.ports.b, packet(0x00, 9)); // b may send, but a has no target
        await until(() => alloc.stats().dropped.noTarget === 1);
        assert.equal(b.got.length + a.got.length, 0);
        assert.equal(alloc.stats().forwarded.a_to_b.packets + alloc.stats().forwarded.b_to_a.packets, 0);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  },
);

test("TransportRelay sends to a side's first permitted address until that side sends, then to the last sender", {
  timeout: 15000,
}, async () => {
  await withRelay(async (relay) => {
    const alloc = await relay.allocate("c-target");
    const [a, b1, b2] = await Promise.all([Peer.open(), Peer.open(), Peer.open()]);
    try {
      alloc.permit("a", [a.addr]);
      alloc.permit("b", [{ address: "::1", port: 9 }, b1.addr, b2.addr]); // IPv6 is unreachable from a udp4 relay: skipped
      await a.send(alloc.ports.a, packet(0x00, 1));
      await b1.waitFor(1);
      await b2.send(alloc.ports.b, packet(0x00, 2)); // b now speaks from b2
      await a.waitFor(1);
      await a.send(alloc.ports.a, packet(0x00, 3));
      await b2.waitFor(1);
      assert.equal(b1.got.length, 1);
      assert.deepEqual(b2.got.map((g) => g.data), [packet(0x00, 3)]);
      // Re-permitting without b2 forgets it as a target.
      alloc.permit("b", [b1.addr]);
      await a.send(alloc.ports.a, packet(0x00, 4));
      await b1.waitFor(2);
      assert.equal(b2.got.length, 1);
    } finally {
      await Promise.all([a.close(), b1.close(), b2.close()]);
    }
  });
});

test("TransportRelay records the certificates each side sends in its DTLS handshake", { timeout: 15000 }, async () => {
  await withRelay(async (relay, events) => {
    const alloc = await relay.allocate("c-cert");
    const [a, b] = await Promise.all([Peer.open(), Peer.open()]);
    try {
      alloc.permit("a", [a.addr]);
      alloc.permit("b", [b.addr]);
      const derA = fakeDer(500, 21);
      const derB = fakeDer(520, 22);
      const bodyA = certificateBody([derA]);
      await a.send(alloc.ports.a, record(22, fragment(11, 1, bodyA, 0, 200)));
      await a.send(alloc.ports.a, record(22, fragment(11, 1, bodyA, 200)));
      await b.send(alloc.ports.b, record(22, fragment(11, 2, certificateBody([derB]))));
      await Promise.all([b.waitFor(2), a.waitFor(1)]);
      assert.deepEqual(alloc.stats().certificates, { a: [fp(derA)], b: [fp(derB)] });
      assert.deepEqual(
        events.flatMap((e) => (e.type === "certificate" ? [[e.side, e.fingerprint]] : [])).sort(), // two sockets: any order
        [["a", fp(derA)], ["b", fp(derB)]],
      );
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});

/** Sends `count` SRTP-like packets a→b through a fresh allocation with `plan`; returns what b got and the stats. */
async function faultRun(relay: TransportRelay, id: string, plan: FaultPlan, count: number) {
  const alloc = await relay.allocate(id, { fault: plan });
  const [a, b] = await Promise.all([Peer.open(), Peer.open()]);
  try {
    alloc.permit("a", [a.addr]);
    alloc.permit("b", [b.addr]);
    for (let i = 0; i < count; i++) await a.send(alloc.ports.a, packet(0x80, i, 60));
    await a.send(alloc.ports.a, packet(0x00, 0)); // STUN sentinel: never faulted (class not in plan)
    await until(() => b.got.some((g) => g.data[0] === 0x00));
    if (plan.mode === "replay") await until(() => b.got.length >= count + 1 + alloc.stats().fault!.actions.length);
    const s: RelayStats = alloc.stats();
    return { got: b.got.map((g) => g.data), stats: s, alloc };
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}

const strip = (l: FaultAction[]) => l.map(({ at: _at, ...rest }) => rest);

test(
  "TransportRelay drop faults are seeded: same seed same log, dropped packets never arrive",
  { timeout: 20000 },
  async () => {
    await withRelay(async (relay, events) => {
      const plan: FaultPlan = { mode: "drop", seed: 1234, rate: 0.2 };
      const one = await faultRun(relay, "c-drop-1", plan, 150);
      const two = await faultRun(relay, "c-drop-2", plan, 150);
      const other = await faultRun(relay, "c-drop-3", { ...plan, seed: 1235 }, 150);
      const log = one.stats.fault!.actions;
      assert.ok(log.length > 5, `some drops: ${log.length}`);
      assert.deepEqual(strip(log), strip(two.stats.fault!.actions));
      assert.notDeepEqual(strip(log), strip(other.stats.fault!.actions));
      assert.equal(one.stats.dropped.fault, log.length);
      assert.equal(one.got.length, 150 + 1 - log.length);
      const dropped = new Set(log.map((a) => a.n - 1)); // n is 1-based among SRTP packets a→b
      const expected = Array.from({ length: 150 }, (_, i) => i).filter((i) => !dropped.has(i)).map((i) =>
        packet(0x80, i, 60)
      );
      assert.deepEqual(one.got.slice(0, -1), expected);
      assert.deepEqual(one.stats.fault!.mode, "drop");
      assert.equal(events.filter((e) => e.type === "fault").length, log.length * 2 + other.stats.fault!.actions.length);
    });
  },
);

test(
  "TransportRelay tamper faults change exactly the logged byte of the forwarded packet",
  { timeout: 20000 },
  async () => {
    await withRelay(async (relay) => {
      const r = await faultRun(relay, "c-tamper", { mode: "tamper", seed: 77, rate: 0.25 }, 100);
      const log = r.stats.fault!.actions;
      assert.ok(log.length > 5);
      assert.equal(r.got.length, 101);
      const byN = new Map(log.map((a) => [a.n - 1, a]));
      for (let i = 0; i < 100; i++) {
        const want = packet(0x80, i, 60);
        const a = byN.get(i);
        if (a) {
          assert.ok(a.offset! >= 12);
          want[a.offset!] ^= a.mask!;
        }
        assert.deepEqual(r.got[i], want, `packet ${i}`);
      }
      assert.equal(r.stats.dropped.fault, 0);
    });
  },
);

test("TransportRelay replay faults deliver the logged packets twice", { timeout: 20000 }, async () => {
  await withRelay(async (relay) => {
    const r = await faultRun(relay, "c-replay", { mode: "replay", seed: 5, rate: 0.1 }, 100);
    const log = r.stats.fault!.actions;
    assert.ok(log.length > 2);
    assert.equal(r.got.length, 101 + log.length);
    const key = (d: Uint8Array) => d.join(",");
    const counts = new Map<string, number>();
    for (const g of r.got) counts.set(key(g), (counts.get(key(g)) ?? 0) + 1);
    for (let i = 0; i < 100; i++) {
      const twice = log.some((a) => a.n - 1 === i);
      assert.equal(counts.get(key(packet(0x80, i, 60))), twice ? 2 : 1, `packet ${i}`);
    }
  });
});

test(
  "TransportRelay.allocate() rejects a taken call id, a bad fault plan and use after close",
  { timeout: 10000 },
  async () => {
    const relay = new TransportRelay();
    const alloc: RelayAllocation = await relay.allocate("c-dup");
    await assert.rejects(relay.allocate("c-dup"), (e) => isShieldCallError(e, "BAD_STATE"));
    await assert.rejects(relay.allocate("c-bad", { fault: { mode: "drop", seed: -3 } }), RangeError);
    assert.equal(relay.get("c-bad"), undefined);
    assert.throws(() => alloc.permit("a", [{ address: "127.0.0.1", port: 0 }]), RangeError);
    assert.throws(() => alloc.permit("a", [{ address: "", port: 5 }]), TypeError);
    assert.throws(() => alloc.permit("c" as "a", []), RangeError);
    await alloc.close();
    await alloc.close(); // idempotent
    assert.equal(relay.get("c-dup"), undefined);
    assert.throws(() => alloc.permit("a", []), (e) => isShieldCallError(e, "BAD_STATE"));
    const again = await relay.allocate("c-dup"); // the id is free again
    await relay.close();
    assert.equal(relay.get("c-dup"), undefined);
    assert.throws(() => again.permit("b", []), (e) => isShieldCallError(e, "BAD_STATE"));
    await assert.rejects(relay.allocate("c-late"), (e) => isShieldCallError(e, "BAD_STATE"));
    assert.throws(() => new TransportRelay({ host: "localhost" }), TypeError);
  },
);

test("TransportRelay learns an mDNS-hidden side from its authenticated checks, and nobody else (TR4)", {
  timeout: 15000,
}, async () => {
  const { bindingRequest } = await import("./_testing/stun_fixtures.ts");
  await withRelay(async (relay, events) => {
    const alloc = await relay.allocate("c-learn");
    const [a, b, stranger] = await Promise.all([Peer.open(), Peer.open(), Peer.open()]);
    const iceA = { ufrag: "aaaa", pwd: "password-of-side-a-0123456" };
    const iceB = { ufrag: "bbbb", pwd: "password-of-side-b-0123456" };
    try {
      // Both SDPs carried only `<uuid>.local` host candidates: nothing the relay can match.
      alloc.permit("a", [{ address: "0f0e-a.local", port: a.addr.port }], iceA);
      alloc.permit("b", [{ address: "0f0e-b.local", port: b.addr.port }], iceB);
      // Unauthenticated traffic, a check signed with the wrong password, and a's check sent to b's port: dropped.
      await stranger.send(alloc.ports.a, packet(0x00, 1));
      await stranger.send(alloc.ports.a, bindingRequest("bbbb:aaaa", "guessed-password-000000000"));
      await a.send(alloc.ports.b, bindingRequest("bbbb:aaaa", iceB.pwd));
      await b.send(alloc.ports.b, packet(23, 2));
      await until(() => alloc.stats().dropped.unknownSource === 4);
      assert.equal(events.filter((e) => e.type === "learned").length, 0);
      // b's check to a (USERNAME a:b, keyed with a's pwd) teaches the relay b's address; no target for a yet.
      await b.send(alloc.ports.b, bindingRequest("aaaa:bbbb", iceA.pwd, 2));
      await until(() => alloc.stats().dropped.noTarget === 1);
      // a's check to b (keyed with b's pwd) teaches a's address and reaches b; then anything flows both ways.
      await a.send(alloc.ports.a, bindingRequest("bbbb:aaaa", iceB.pwd, 3));
      await b.waitFor(1);
      await b.send(alloc.ports.b, packet(23, 4));
      await a.waitFor(1);
      assert.equal(a.got[0]!.data[0], 23);
      assert.deepEqual(
        events.filter((e) => e.type === "learned").map((e) => (e as { side: string }).side),
        ["b", "a"],
      );
      // The stranger still gets nothing through, and a new password (ICE restart) voids what the old one taught.
      await stranger.send(alloc.ports.a, packet(23, 5));
      alloc.permit("b", [], { ufrag: "bbb2", pwd: "a-new-password-for-side-b-0" });
      await a.send(alloc.ports.a, packet(23, 6));
      await until(() => alloc.stats().dropped.unknownSource === 6);
      assert.equal(b.got.length, 1);
    } finally {
      await Promise.all([a.close(), b.close(), stranger.close()]);
    }
  });
});
