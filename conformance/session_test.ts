import { test } from "node:test";
import assert from "node:assert/strict";
import type { CallState } from "../src/protocol/mod.ts";
import { CallSession, grouped, hangUp, ring, watch } from "./session.ts";

/** A scripted endpoint: the states it reports in turn (the last repeats), or a throw for a call it does not know. */
function endpoint(states: Partial<CallState>[] | "unknown" = []) {
  const log: string[] = [];
  const note = <T>(l: string, v: T) => (log.push(l), Promise.resolve(v));
  return {
    log,
    place: (to: string) => note(`place ${to}`, "c1"),
    hangup: (id: string) => note(`hangup ${id}`, undefined),
    incoming: () => note("incoming", { callId: "k1", from: "alice" }),
    answer: (id: string) => note(`answer ${id}`, undefined),
    state(id: string): CallState {
      if (states === "unknown") throw new Error(`unknown call ${id}`);
      return (states.length > 1 ? states.shift() : states[0]) as CallState;
    },
  };
}

test("open() on a running service: one base for the signaling URL and the admin API, whichever URL is given", async () => {
  for (const url of ["ws://h:1/signal", "http://h:1/admin/", "http://h:1", "wss://h:1/signal"]) {
    const s = await CallSession.open({ url, adminToken: "t" });
    const tls = url.startsWith("wss") ? "s" : "";
    assert.equal(s.signalUrl, `ws${tls}://h:1/signal`, url);
    assert.equal(s.admin.baseUrl, `http${tls}://h:1/admin`, url);
    assert.equal(s.admin.token, "t");
    await s.close(); // nothing of its own to stop
  }
  // Control: a path that is not /signal or /admin is kept.
  assert.equal((await CallSession.open({ url: "http://h:1/x" })).signalUrl, "ws://h:1/x/signal");
});

test("ring() places, waits for the ring, and answers only when asked", async () => {
  const [a, b] = [endpoint(), endpoint()];
  assert.deepEqual(await ring(a, b, "bob"), { callId: "c1", calleeId: "k1" });
  assert.deepEqual([a.log, b.log], [["place bob"], ["incoming"]]);
  await ring(a, b, "bob", { answer: true });
  assert.deepEqual(b.log, ["incoming", "incoming", "answer k1"]);
});

test("watch() polls both sides until look() says stop, and resolves with the last states", async () => {
  const a = endpoint([{ state: "ringing" }, { state: "connected" }]);
  const b = endpoint([{ state: "connected" }]);
  let looks = 0;
  const [as, bs] = await watch(a, "c1", b, "k1", (x, y) => (looks++, x.state === y.state), 1);
  assert.equal(looks, 2);
  assert.deepEqual([as.state, bs.state], ["connected", "connected"]);
});

test("hangUp() waits until the other side ended, returns at once for a call it does not know, else times out", async () => {
  const a = endpoint();
  const b = endpoint([{ state: "connected" }, { state: "connected" }, { state: "ended" }]);
  await hangUp(a, "c1", b, "k1");
  assert.deepEqual(a.log, ["hangup c1"]);
  assert.equal(b.state("k1").state, "ended", "it read the states up to the end");
  let t0 = Date.now();
  await hangUp(a, "c1", endpoint("unknown"), "k1", 5000);
  assert.ok(Date.now() - t0 < 1000);
  t0 = Date.now();
  await hangUp(a, "c1", endpoint([{ state: "connected" }]), "k1", 150);
  assert.ok(Date.now() - t0 >= 150, "a side that never ends is waited for until the time is up");
});

test("grouped() shows a verification number in four groups of five (SPEC §5.6)", () => {
  assert.equal(grouped("04817229305512009384"), "04817 22930 55120 09384");
  assert.equal(grouped(null), "—");
});
