// deno-lint-ignore-file no-explicit-any -- tests reach into untyped driver replies
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { parseRpcResponse } from "../protocol/mod.ts";
import { startService } from "../service/mod.ts";
import { policyFixture } from "../service/_testing/fixtures.ts";
import { type LiveCommand, startCommand } from "../_testing/child.ts";
import { referenceAdapterCommand } from "./mod.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Writes `input` to a fresh adapter process (`shieldcall peer --stdio`) and collects its stdout lines until it exits. */
async function runAdapter(input: string, closeStdin: boolean, timeoutMs = 30000) {
  const run = startCommand(referenceAdapterCommand(), { cwd: ROOT, stdin: true, timeoutMs });
  run.child.stdin!.write(input);
  if (closeStdin) run.child.stdin!.end();
  const r = await run.done;
  return { ...r, lines: r.stdout.split("\n").filter((l) => l !== "") };
}

const line = (o: unknown) => JSON.stringify(o) + "\n";

describe("shieldcall peer --stdio over real pipes", () => {
  test(
    "peer --stdio answers hello, unknown methods and parse errors, then exits 0 on shutdown",
    { timeout: 40000 },
    async () => {
      const r = await runAdapter(
        line({ jsonrpc: "2.0", id: 1, method: "hello", params: { protocol: 1 } }) +
          "this is not json\n" +
          line({ jsonrpc: "2.0", id: 2, method: "call.teleport", params: {} }) +
          line({ jsonrpc: "2.0", id: 3, method: "call.state", params: { callId: "x" } }) +
          line({ jsonrpc: "2.0", id: 4, method: "shutdown", params: {} }),
        false, // the adapter must exit on shutdown by itself, stdin still open
      );
      assert.equal(r.code, 0, `exit ${r.code} ${r.signal}; stderr: ${r.stderr.slice(-2000)}`);
      const msgs = r.lines.map((l) => {
        assert.equal(parseRpcResponse(l).ok, true, `stdout carried a non-protocol line: ${l}`);
        return JSON.parse(l);
      });
      const byId = (id: unknown) => msgs.find((m) => m.id === id);
      assert.equal(byId(1).result.name, "shieldcall-reference");
      assert.equal(byId(1).result.protocol, 1);
      assert.ok(byId(1).result.methods.includes("call.place"));
      assert.equal(byId(null).error.code, -32700);
      assert.equal(byId(2).error.code, -32601);
      assert.deepEqual(byId(2).error.data, { code: "DRIVER_UNSUPPORTED" });
      assert.equal(byId(3).error.code, -32000, "state before configure is an application error");
      assert.deepEqual(byId(4).result, {});
      assert.equal(msgs.length, 5);
    },
  );

  test("peer --stdio exits 0 when its stdin closes without shutdown", { timeout: 40000 }, async () => {
    const r = await runAdapter(line({ jsonrpc: "2.0", id: "h", method: "hello", params: { protocol: 1 } }), true);
    assert.equal(r.code, 0, `exit ${r.code} ${r.signal}; stderr: ${r.stderr.slice(-2000)}`);
    assert.equal(r.lines.length, 1);
    assert.equal(JSON.parse(r.lines[0]!).id, "h");
  });

  test(
    "two peer --stdio adapters place and answer an E2EE call through a real service",
    { timeout: 60000 },
    async () => {
      // The service runs here; each peer (PeerConnections) runs in its own adapter process.
      const svc = await startService({ policy: policyFixture({ alice: true, bob: true }) });
      const alice = new Adapter();
      const bob = new Adapter();
      try {
        const cfg = (user: string) => ({ serviceUrl: svc.signalUrl, user, token: `${user}-token` });
        assert.equal((await alice.call("configure", cfg("alice"))).result.userId, "alice");
        assert.equal((await bob.call("configure", cfg("bob"))).result.userId, "bob");
        assert.deepEqual((await bob.call("settings.get", {})).result, { visible: true, enabled: true });
        const { callId } = (await alice.call("call.place", { to: "bob" })).result;
        const inc = await bob.notification((m) => m.method === "call.incoming");
        assert.deepEqual(inc.params, { callId, from: "alice" });
        assert.deepEqual((await bob.call("call.answer", { callId })).result, {});
        const on = (m: any) => m.method === "call.changed" && m.params.e2ee.indicator === true;
        const a = (await alice.notification(on, 30000)).params;
        const b = (await bob.notification(on, 30000)).params;
        assert.equal(a.state, "connected");
        assert.match(a.e2ee.number, /^[0-9]{20}$/);
        assert.equal(a.e2ee.number, b.e2ee.number);
        const refused = await alice.call("feature.request", { callId, feature: "recording" });
        assert.deepEqual(refused.error.data, { code: "FEATURE_DISABLED_E2EE" });
        assert.deepEqual((await alice.call("call.hangup", { callId })).result, {});
        const ended = await bob.notification((m) => m.method === "call.changed" && m.params.state === "ended");
        assert.equal(ended.params.e2ee.indicator, false);
        assert.equal(ended.params.e2ee.number, null);
        const st = (await bob.call("call.state", { callId })).result;
        assert.equal(st.state, "ended");
        for (const ad of [alice, bob]) {
          assert.deepEqual((await ad.call("shutdown", {})).result, {});
          assert.equal(await ad.exited, 0, ad.stderr.slice(-2000));
          for (const l of ad.lines) assert.equal(parseRpcResponse(l).ok, true, `non-protocol line: ${l}`);
        }
      } finally {
        alice.kill();
        bob.kill();
        await svc.close();
      }
    },
  );
});

/** A running adapter process with a line-oriented JSON-RPC client. */
class Adapter {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  #run: LiveCommand;
  #id = 0;
  #waiters: Array<() => void> = [];

  constructor() {
    this.#run = startCommand(referenceAdapterCommand(), {
      cwd: ROOT,
      stdin: true,
      timeoutMs: 55_000,
      onLine: (l) => {
        if (l !== "") this.lines.push(l);
        for (const w of this.#waiters.splice(0)) w();
      },
    });
    this.exited = this.#run.done.then((r) => r.code);
  }

  /** Its stderr so far. */
  get stderr(): string {
    return this.#run.stderr();
  }

  /** Sends a request and resolves with its response. */
  async call(method: string, params: unknown): Promise<any> {
    const id = ++this.#id;
    this.#run.child.stdin!.write(line({ jsonrpc: "2.0", id, method, params }));
    return await this.#first((m) => m.id === id, 20000);
  }

  /** The first notification (seen or future) matching `pred`. */
  notification(pred: (m: any) => boolean, ms = 20000): Promise<any> {
    return this.#first((m) => !("id" in m) && pred(m), ms);
  }

  async #first(pred: (m: any) => boolean, ms: number): Promise<any> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.lines.map((l) => JSON.parse(l)).find(pred);
      if (hit) return hit;
      if (Date.now() > deadline) {
        throw new Error(`timeout; stdout: ${this.lines.slice(-5).join(" | ")}; stderr: ${this.stderr.slice(-1000)}`);
      }
      await new Promise<void>((r) => {
        this.#waiters.push(r);
        setTimeout(r, 100);
      });
    }
  }

  kill(): void {
    this.#run.kill();
  }
}
