/**
 * ProcessorPool without media (SPEC §4.4): argument checks, and a worker that cannot start — its legs fail with
 * INTERNAL and are reported lost, and the host process carries on. Media through workers: processor_webrtc_test.ts
 * and src/service/processor_workers_test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import process from "node:process";
import { IS_DENO, startCommand } from "../_testing/child.ts";
import { ProcessorPool, workerCommand } from "./mod.ts";

/** argv running `code` with this runtime (a stand-in worker: a real process outside the project's worker code). */
function evalCommand(code: string): string[] {
  return IS_DENO ? [process.execPath, "eval", code] : [process.execPath, "-e", code];
}

/** A stand-in worker that answers every request with ok and exits when its stdin closes. */
const ACK_WORKER = `Promise.all([import("node:readline"), import("node:process")]).then(([rl, { default: p }]) => {
  rl.createInterface({ input: p.stdin }).on("line", (l) => { const m = JSON.parse(l); if (m.id !== undefined) p.stdout.write(JSON.stringify({ re: m.id, ok: true }) + "\\n"); }).on("close", () => p.exit(0));
});`;

test("ProcessorPool() refuses a worker count that is not a whole number ≥ 1 with RangeError", () => {
  for (const workers of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => new ProcessorPool({ workers, command: ["false"] }), RangeError, String(workers));
  }
});

test('ProcessorPool: a worker that dies fails its legs (INTERNAL, state "failed", onLegsLost) and the host goes on', {
  timeout: 20_000,
}, async () => {
  const lost: string[][] = [];
  // A real process that exits at once with an error: what a crashed worker looks like from the host.
  const pool = new ProcessorPool({
    workers: 1,
    command: evalCommand("Promise.resolve(import('node:process')).then((m) => m.default.exit(3))"),
    onLegsLost: (ids) => lost.push(ids),
  });
  try {
    const leg = pool.createLeg("c-1:caller");
    await assert.rejects(
      leg.answer("v=0\r\n"),
      (e: { code?: string; message?: string }) => e.code === "INTERNAL" && /exit code 3/.test(e.message ?? ""),
    );
    assert.equal(leg.stats().state, "failed");
    assert.deepEqual(lost, [["c-1:caller"]]);
    assert.equal(pool.stats().legs, 0);
    // Bridging a failed leg is refused like any closed leg; the pool itself still answers.
    const other = pool.createLeg("c-2:caller");
    assert.throws(() => pool.bridge(leg, other), (e: { code?: string }) => e.code === "BAD_STATE");
    await assert.rejects(other.offer(), (e: { code?: string }) => e.code === "INTERNAL");
  } finally {
    await pool.close();
  }
});

test(
  "ProcessorPool: legs of one call share a worker; different calls spread over the workers",
  { timeout: 20_000 },
  async () => {
    const pool = new ProcessorPool({ workers: 2, command: evalCommand(ACK_WORKER) });
    try {
      pool.createLeg("c-1:caller");
      pool.createLeg("c-2:caller");
      pool.createLeg("c-1:callee");
      pool.createLeg("x", { affinity: "c-2" });
      assert.equal(pool.workerOf("c-1:caller"), pool.workerOf("c-1:callee"));
      assert.equal(pool.workerOf("c-2:caller"), pool.workerOf("x"));
      assert.notEqual(pool.workerOf("c-1:caller"), pool.workerOf("c-2:caller"));
      assert.throws(() => pool.createLeg("x"), (e: { code?: string }) => e.code === "BAD_STATE");
    } finally {
      await pool.close();
    }
  },
);

test(
  "processor-worker: with a live leg, it exits with code 0 once its stdin closes (teardown, then an explicit exit)",
  { timeout: 60_000 },
  async () => {
    const replies = new Map<number, Record<string, unknown>>();
    const waiters = new Map<number, () => void>();
    const worker = startCommand(workerCommand(), {
      stdin: true,
      timeoutMs: 55_000,
      onLine: (line) => {
        const m = JSON.parse(line) as Record<string, unknown>;
        if (typeof m.re === "number") {
          replies.set(m.re, m);
          waiters.get(m.re)?.();
        }
      },
    });
    const child = worker.child;
    const ask = (id: number, m: Record<string, unknown>) => {
      child.stdin!.write(`${JSON.stringify({ id, ...m })}\n`);
      return new Promise<Record<string, unknown>>((resolve) => waiters.set(id, () => resolve(replies.get(id)!)));
    };
    await ask(1, { op: "init", outDir: tmpdir() });
    assert.equal((await ask(2, { op: "leg.create", leg: "c:caller", label: "caller" })).ok, true);
    const offer = await ask(3, { op: "leg.offer", leg: "c:caller" });
    assert.equal(offer.ok, true, JSON.stringify(offer));
    assert.match(String(offer.value), /^v=0/);
    child.stdin!.end();
    const r = await worker.done;
    assert.deepEqual([r.code, r.signal, r.failure], [0, null, undefined], r.stderr);
  },
);

test("ProcessorPool.sync() returns within its bound when a worker never answers", { timeout: 20_000 }, async () => {
  const silent =
    `Promise.resolve(import("node:process")).then(({ default: p }) => { p.stdin.resume(); p.stdin.on("end", () => p.exit(0)); });`;
  const pool = new ProcessorPool({ workers: 1, command: evalCommand(silent) });
  try {
    const t0 = Date.now();
    await pool.sync();
    const took = Date.now() - t0;
    assert.ok(took >= 900 && took < 5000, `sync() took ${took} ms`);
  } finally {
    for (const pid of pool.workerPids()) process.kill(pid, "SIGKILL");
    await pool.close();
  }
});
