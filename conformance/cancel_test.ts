/**
 * Cancellation (SPEC §12.4, §12.5): SIGTERM to a running `shieldcall conformance` stops the run, reaps every child
 * (service, adapters — each in its own process group), writes the report collected so far marked incomplete, and
 * exits 143. Even SIGKILL, which the runner cannot handle, leaves nothing behind: the service and the adapters stop
 * when their stdin (a pipe from the runner) closes. The tests watch the runner's process tree in /proc while the run
 * is going and send the signal once the service and adapters are up; afterwards none of the processes seen may be left.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startCommand } from "../src/_testing/child.ts";
import { selfCommand } from "../src/driver/mod.ts";
import type { RunResult } from "./results.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const linux = process.platform === "linux" && existsSync("/proc/self/stat");

/** pid → [ppid, pgid] of every process, from /proc. */
function processTable(): Map<number, [number, number]> {
  const t = new Map<number, [number, number]>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (f[0] === "Z") continue; // a zombie holds no port and no memory; its parent reaps it
      t.set(Number(d), [Number(f[1]), Number(f[2])]);
    } catch {
      // exited while we looked
    }
  }
  return t;
}

function descendants(pid: number, t = processTable()): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [c, [pp]] of t) {
      if (pp === p) {
        out.push(c);
        walk(c);
      }
    }
  };
  walk(pid);
  return out;
}

const poll = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts a run, waits until the service and two adapters are up, sends `signal`, and returns what it saw. */
async function interrupt(
  signal: NodeJS.Signals,
  reports: string[],
): Promise<{ code: number | null; err: string; seen: Map<number, number> }> {
  const argv = [
    ...selfCommand(),
    "conformance",
    "--case",
    "verify.honest-equal",
    "--case",
    "verify.mitm-differs",
    "--jobs",
    "1",
    ...reports.flatMap((r) => ["--report", r]),
  ];
  const run = startCommand(argv, { cwd: root, timeoutMs: 170_000 });
  const child = run.child;
  let done: { code: number | null; signal: string | null } | null = null;
  child.on("exit", (code, sig) => (done = { code, signal: sig }));
  const seen = new Map<number, number>(); // pid → pgid
  const record = () => {
    const t = processTable();
    const d = descendants(child.pid!, t);
    for (const p of d) seen.set(p, t.get(p)![1]);
    return d;
  };
  try {
    const deadline = Date.now() + 120_000;
    while (!(record().length >= 3 && /adapter: /.test(run.stderr()))) {
      assert.ok(Date.now() < deadline && !done, `the run did not get going: ${run.stderr()}`);
      await poll(100);
    }
    // process.kill, not child.kill: Deno's ChildProcess.kill("SIGTERM") ends the child without delivering the signal.
    process.kill(child.pid!, signal);
    while (!done) {
      record(); // anything still being spawned until the runner exits
      await poll(50);
    }
    const d = done as { code: number | null; signal: string | null };
    return { code: d.code, err: `${run.stderr()}\n(exit code ${d.code}, signal ${d.signal})`, seen };
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  }
}

/** Waits until no process seen (nor any member of their process groups) is left; returns those left. */
async function leftover(seen: Map<number, number>): Promise<string[]> {
  // The groups the run's children lead; not this test's own group (a child that stayed in it, e.g. the bundler the
  // runner may start, is checked by its pid like every process seen).
  const own = processTable().get(process.pid)?.[1];
  const groups = new Set([...seen.values()].filter((g) => g !== own));
  const left = () => [...processTable()].filter(([p, [, g]]) => seen.has(p) || groups.has(g)).map(([p]) => p);
  // A deadline, not a wait: it returns as soon as nothing is left (a loaded machine can be slow to run exit paths).
  const until = Date.now() + 30_000;
  while (left().length > 0 && Date.now() < until) await poll(100);
  return left().map((p) => {
    try {
      return `${p} ${readFileSync(`/proc/${p}/cmdline`, "utf8").replace(/\0/g, " ").slice(0, 160)}`;
    } catch {
      return String(p);
    }
  });
}

function reap(seen: Map<number, number>): void {
  for (const p of seen.keys()) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // gone, as it should be
    }
  }
}

test("SIGTERM mid-run: exit 143, the report is written and marked incomplete, and no child process is left", {
  skip: !linux,
  timeout: 180_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "shieldcall-cancel-"));
  const json = join(dir, "run.json");
  const junit = join(dir, "run.xml");
  let seen = new Map<number, number>();
  try {
    const r = await interrupt("SIGTERM", [`json:${json}`, `junit:${junit}`]);
    seen = r.seen;
    assert.equal(r.code, 143, r.err);
    assert.match(r.err, /SIGTERM: stopping the run/);
    const run = JSON.parse(readFileSync(json, "utf8")) as RunResult;
    assert.deepEqual(run.incomplete, { signal: "SIGTERM" });
    assert.equal(run.exitCode, 143);
    assert.ok(
      run.cases.length === 2 && run.cases.some((c) => c.verdict === "not-run"),
      JSON.stringify(run.cases.map((c) => c.verdict)),
    );
    const xml = readFileSync(junit, "utf8");
    assert.match(xml, /interrupted by SIGTERM/);
    // Not green on a CI dashboard: every case not run is an error, and a test case names the interruption.
    const notRun = run.cases.filter((c) => c.verdict === "not-run").length;
    assert.ok(Number(/<testsuites [^>]*errors="(\d+)"/.exec(xml)?.[1]) >= notRun + 1, xml.slice(0, 400));
    assert.match(xml, /<testcase classname="shieldcall\.sanity" name="interrupted"/);
    // Every process the runner started, and every member of their process groups, is gone (ports freed with them).
    assert.ok(seen.size >= 3, `saw the service and adapters: ${[...seen.keys()]}`);
    assert.deepEqual(await leftover(seen), [], "no process of the run is left");
  } finally {
    reap(seen);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("SIGKILL of the runner: the service and adapters stop by themselves when their stdin closes", {
  skip: !linux,
  timeout: 180_000,
}, async () => {
  let seen = new Map<number, number>();
  try {
    const r = await interrupt("SIGKILL", []);
    seen = r.seen;
    assert.equal(r.code, null, "killed, no exit code");
    assert.ok(seen.size >= 3, `saw the service and adapters: ${[...seen.keys()]}`);
    assert.deepEqual(await leftover(seen), [], "no process of the run is left");
  } finally {
    reap(seen);
  }
});
