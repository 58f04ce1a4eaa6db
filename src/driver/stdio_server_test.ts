import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DRIVER_METHODS, FEATURES, parseRpcResponse, validateRpcResult } from "../protocol/mod.ts";
import { runStdioAdapter } from "./stdio_server.ts";
import { CONFIG, start, STATE } from "./_testing/stdio_harness.ts";

describe("runStdioAdapter", () => {
  test("runStdioAdapter() answers hello with name, version, protocol 1, every method and every feature", {
    timeout: 5000,
  }, async () => {
    const a = start();
    const r = await a.request("hello", { protocol: 1 });
    assert.equal(r.result.name, "shieldcall-reference");
    assert.equal(r.result.protocol, 1);
    assert.equal(typeof r.result.version, "string");
    assert.deepEqual(r.result.methods, [...DRIVER_METHODS]);
    assert.deepEqual(r.result.features, [...FEATURES]);
    assert.deepEqual(r.result.profiles, ["dtls-srtp"], "SPEC §7: the reference declares DTLS-SRTP only");
    assert.ok(validateRpcResult("hello", r.result).ok);
    assert.equal(await a.close(), 0);
  });

  test("runStdioAdapter() reset closes the peer, stops its notifications and forgets the configuration (SPEC §7)", {
    timeout: 5000,
  }, async () => {
    const a = start();
    await a.request("configure", CONFIG);
    const first = a.peers[0]!;
    assert.equal((await a.request("reset", {})).result !== undefined, true);
    assert.equal(first.closed, true, "the peer (its calls, connection and caches) is closed");
    const before = a.output.lines.length;
    first.emit("changed", STATE); // a late event of the closed peer
    assert.equal(a.output.lines.length, before, "no notification after reset");
    const r = await a.request("settings.get", {});
    assert.equal(r.error.data.code, "AUTH_REQUIRED", "unconfigured again");
    assert.equal((await a.request("call.state", { callId: "c1" })).error.data.code, "AUTH_REQUIRED");
    assert.equal((await a.request("configure", { ...CONFIG, user: "carol" })).result.userId, "carol");
    assert.equal(a.peers.length, 2, "a configure after reset builds a new peer");
    assert.equal((await a.request("reset", {})).result !== undefined, true);
    assert.ok((await a.request("reset", {})).result, "reset when not configured is a no-op");
    await a.close();
  });

  test("runStdioAdapter() answers a line that is not JSON with -32700 and id null, then keeps serving", {
    timeout: 5000,
  }, async () => {
    const a = start();
    a.input.send("{not json\n");
    const err = await a.output.next((m) => m.error?.code === -32700);
    assert.equal(err.id, null);
    assert.equal(err.error.data.code, "PROTO_PARSE");
    const r = await a.request("hello", { protocol: 1 });
    assert.equal(r.result.protocol, 1);
    await a.close();
  });

  test(
    "runStdioAdapter() answers an unknown method with -32601 and data DRIVER_UNSUPPORTED",
    { timeout: 5000 },
    async () => {
      const a = start();
      const r = await a.request("call.transfer", { callId: "c1" });
      assert.equal(r.error.code, -32601);
      assert.deepEqual(r.error.data, { code: "DRIVER_UNSUPPORTED" });
      await a.close();
    },
  );

  test("runStdioAdapter() answers params that do not match the schema with -32602 and never calls the peer", {
    timeout: 5000,
  }, async () => {
    const a = start();
    await a.request("configure", CONFIG);
    const r1 = await a.request("call.place", { to: 5 });
    assert.equal(r1.error.code, -32602);
    const r2 = await a.request("call.place", { to: "bob", extra: true });
    assert.equal(r2.error.code, -32602);
    const r3 = await a.request("hello", { protocol: 2 });
    assert.equal(r3.error.code, -32602);
    assert.deepEqual(a.peers[0]!.calls, []);
    await a.close();
  });

  test("runStdioAdapter() maps results of every call method from the peer", { timeout: 5000 }, async () => {
    const a = start();
    assert.deepEqual((await a.request("configure", CONFIG)).result, { userId: "alice", endpointId: "ep-1" });
    assert.deepEqual(a.peers[0]!.cfg, CONFIG);
    assert.deepEqual((await a.request("settings.get", {})).result, { visible: true, enabled: false });
    assert.deepEqual((await a.request("settings.set", { enabled: false })).result, { visible: true, enabled: false });
    assert.deepEqual((await a.request("call.place", { to: "bob" })).result, { callId: "c1" });
    assert.deepEqual((await a.request("call.answer", { callId: "c1" })).result, {});
    assert.deepEqual((await a.request("call.decline", { callId: "c1" })).result, {});
    assert.deepEqual((await a.request("call.hangup", { callId: "c1" })).result, {});
    assert.deepEqual((await a.request("call.state", { callId: "c1" })).result, STATE);
    const f = await a.request("feature.request", { callId: "c1", feature: "park", args: { slot: 1 } });
    assert.deepEqual(f.result, { ok: true, result: { callId: "c1", feature: "park", args: { slot: 1 } } });
    assert.deepEqual(a.peers[0]!.calls, ["place bob", "answer c1", "decline c1", "hangup c1"]);
    await a.close();
  });

  test("runStdioAdapter() maps ShieldCallError to -32000 with data {code} and other errors to -32603", {
    timeout: 5000,
  }, async () => {
    const a = start();
    const before = await a.request("call.place", { to: "bob" });
    assert.equal(before.error.code, -32000);
    assert.equal(before.error.data.code, "AUTH_REQUIRED");
    await a.request("configure", CONFIG);
    const cases: Array<[string, unknown, string]> = [
      ["call.place", { to: "nobody" }, "USER_NOT_FOUND"],
      ["settings.set", { enabled: true }, "POLICY_DISALLOWS"],
      ["call.state", { callId: "zz" }, "CALL_NOT_FOUND"],
      ["feature.request", { callId: "c1", feature: "recording" }, "FEATURE_DISABLED_E2EE"],
    ];
    for (const [method, params, code] of cases) {
      const r = await a.request(method, params);
      assert.equal(r.error.code, -32000, method);
      assert.deepEqual(r.error.data, { code }, method);
      assert.equal(typeof r.error.message, "string");
    }
    const crash = await a.request("call.place", { to: "crash" });
    assert.equal(crash.error.code, -32603);
    assert.equal(crash.error.data.code, "INTERNAL");
    assert.ok(a.logs.some((l) => l.includes("boom")), "internal errors are logged to stderr");
    const badAuth = await a.request("configure", { ...CONFIG, token: "bad" });
    assert.equal(badAuth.error.data.code, "AUTH_FAILED");
    assert.equal(a.peers[1]!.closed, true, "a peer that failed to connect is closed");
    await a.close();
  });

  test(
    "runStdioAdapter() forwards peer events as call.incoming and call.changed notifications",
    { timeout: 5000 },
    async () => {
      const a = start();
      await a.request("configure", CONFIG);
      a.peers[0]!.emit("incoming", { callId: "c9", from: "carol" });
      a.peers[0]!.emit("changed", STATE);
      const inc = await a.output.next((m) => m.method === "call.incoming");
      assert.deepEqual(inc, { jsonrpc: "2.0", method: "call.incoming", params: { callId: "c9", from: "carol" } });
      const ch = await a.output.next((m) => m.method === "call.changed");
      assert.equal("id" in ch, false);
      assert.deepEqual(ch.params, STATE);
      // A second configure replaces (and closes) the first peer; its events no longer reach stdout.
      await a.request("configure", { ...CONFIG, user: "bob" });
      assert.equal(a.peers[0]!.closed, true);
      const n = a.output.lines.length;
      a.peers[0]!.emit("incoming", { callId: "c10", from: "dave" });
      assert.equal(a.output.lines.length, n);
      await a.close();
    },
  );

  test("runStdioAdapter() answers shutdown, then closes the peer and calls exit(0)", { timeout: 5000 }, async () => {
    const a = start();
    await a.request("configure", CONFIG);
    const r = await a.request("shutdown", {});
    assert.deepEqual(r.result, {});
    assert.equal(await a.done, 0);
    assert.deepEqual(a.exits, [0]);
    assert.equal(a.peers[0]!.closed, true);
  });

  test("runStdioAdapter() rejects an over-long line with -32600 and id null without buffering it whole", {
    timeout: 10000,
  }, async () => {
    const a = start();
    const big = `{"jsonrpc":"2.0","id":1,"method":"hello","params":{"pad":"${"x".repeat(1024 * 1024)}"}}`;
    for (let i = 0; i < big.length; i += 65536) a.input.send(big.slice(i, i + 65536));
    a.input.send("\n");
    const err = await a.output.next((m) => m.error?.code === -32600);
    assert.equal(err.id, null);
    assert.equal(err.error.data.code, "PROTO_TOO_LARGE");
    assert.equal((await a.request("hello", { protocol: 1 })).result.protocol, 1);
    await a.close();
  });

  test("runStdioAdapter() closes the peer at end of input without calling exit, and writes only protocol lines", {
    timeout: 5000,
  }, async () => {
    const a = start();
    await a.request("configure", CONFIG);
    a.input.send("\n   \r\n"); // blank lines are ignored
    a.input.send('{"jsonrpc":"2.0","method":"hello"}\n'); // no id: invalid request
    await a.output.next((m) => m.error?.code === -32600);
    assert.equal(await a.close(), 0);
    assert.deepEqual(a.exits, []);
    assert.equal(a.peers[0]!.closed, true);
    assert.ok(a.output.raw.endsWith("\n"));
    for (const line of a.output.raw.split("\n").slice(0, -1)) {
      assert.equal(parseRpcResponse(line).ok, true, `not a protocol line: ${line}`);
    }
  });

  test("runStdioAdapter() reads a web ReadableStream and writes a web WritableStream", { timeout: 5000 }, async () => {
    const enc = new TextEncoder();
    const input = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(enc.encode('{"jsonrpc":"2.0","id":"a","method":"hel'));
        c.enqueue(enc.encode('lo","params":{"protocol":1}}\r\n'));
        c.close();
      },
    });
    let text = "";
    const output = new WritableStream<Uint8Array>({ write: (chunk) => void (text += new TextDecoder().decode(chunk)) });
    assert.equal(await runStdioAdapter({ input, output, exit: () => {}, log: () => {} }), 0);
    const r = JSON.parse(text.trim());
    assert.equal(r.id, "a");
    assert.equal(r.result.protocol, 1);
  });
});
