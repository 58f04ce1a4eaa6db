/**
 * The adapter pool (SPEC §7 reset) with real adapter processes (conformance/_testing/tiny_adapter.ts): an adapter
 * that lists reset is reset and reused for the next lease of the same command, with the earlier lease's transcript
 * and stderr marked; one that does not list reset, one whose reset fails, one released after a timeout, and one
 * of another command are never reused; close() stops what is idle.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { selfCommand } from "../src/driver/mod.ts";
import { AdapterPool } from "./pool.ts";

const tiny = fileURLToPath(new URL("./_testing/tiny_adapter.ts", import.meta.url));
const cmd = (...args: string[]) =>
  "Deno" in globalThis
    ? [selfCommand()[0]!, "run", "-A", "--no-check", tiny, ...args]
    : [process.execPath, "--import", "tsx", tiny, ...args];
const CFG = { serviceUrl: "ws://127.0.0.1:1/signal", user: "alice", token: "t" };

test(
  "AdapterPool reuses only reset adapters of the same command and stops the rest",
  { timeout: 120_000 },
  async () => {
    const pool = new AdapterPool({ enabled: true });
    try {
      // Lists reset: reset at release, the same process serves the next lease, unconfigured, evidence offsets set.
      const a = pool.lease("impl:a", cmd());
      await a.party.start(CFG);
      assert.equal(a.reused, 0);
      await pool.release(a.party, true);
      assert.equal(pool.idle, 1);
      const b = pool.lease("impl:b", cmd());
      assert.equal(b.party.client.pid, a.party.client.pid, "the same process");
      assert.equal(b.reused, 1);
      assert.ok(b.transcriptFrom > 0 && b.transcriptFrom === b.party.client.transcript.length);
      assert.ok(b.stderrFrom > 0, "the first lease's stderr is before the offset");
      assert.equal(
        await b.party.settings().then(() => "answered", (e) => e.code),
        "AUTH_REQUIRED",
        "reset left it unconfigured",
      );
      assert.ok(b.party.client.transcript.some((t) => t.line.includes('"reset"')));

      // Another command never gets that process.
      const other = pool.lease("ref:c", cmd("other"));
      assert.notEqual(other.party.client.pid, b.party.client.pid);
      await other.party.start(CFG);

      // Released after a timeout (not reusable): stopped, not kept.
      await b.party.start(CFG);
      await pool.release(b.party, false);
      await b.party.client.exited;
      assert.equal(pool.idle, 0);

      // No reset in hello: stopped.
      const n = pool.lease("impl:n", cmd("no-reset"));
      await n.party.start(CFG);
      assert.equal(n.party.resettable, false);
      await pool.release(n.party, true);
      await n.party.client.exited;
      assert.equal(pool.idle, 0);

      // A failing reset: stopped and counted.
      const f = pool.lease("impl:f", cmd("bad-reset"));
      await f.party.start(CFG);
      await pool.release(f.party, true);
      await f.party.client.exited;
      assert.equal(pool.stats.resetFailed, 1);
      assert.equal(pool.idle, 0);

      // close() stops what is idle.
      await pool.release(other.party, true);
      assert.equal(pool.idle, 1);
      await pool.close();
      await other.party.client.exited;
      assert.equal(pool.idle, 0);
      assert.equal(pool.stats.started, 4);
      assert.equal(pool.stats.reused, 1);
    } finally {
      await pool.close();
    }
  },
);

test("AdapterPool with reuse off starts a fresh process for every lease", { timeout: 60_000 }, async () => {
  const pool = new AdapterPool({ enabled: false });
  const a = pool.lease("impl:a", cmd());
  await a.party.start(CFG);
  await pool.release(a.party, true);
  await a.party.client.exited;
  assert.equal(pool.idle, 0);
  await pool.close();
});
