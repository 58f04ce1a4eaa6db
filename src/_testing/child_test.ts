/**
 * The tests' one child-process runner: a command that overruns its bound is killed and says so, stdin input reaches
 * it, stderr is kept for the failure message, and a process group goes as a whole.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { runCommand, startCommand, tsCommand } from "./child.ts";

/** Whether `pid` runs (a zombie, which a container's init may never reap, counts as gone). */
const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
};

test("runCommand() passes input on stdin and collects stdout, stderr and the exit code", async () => {
  const r = await runCommand(["sh", "-c", "read x; echo out:$x; echo err >&2; exit 3"], {
    input: "hi\n",
    timeoutMs: 10_000,
  });
  assert.deepEqual([r.code, r.stdout, r.stderr, r.failure], [3, "out:hi\n", "err\n", undefined]);
});

test("runCommand() kills a command that overruns its bound and names it in failure", async () => {
  const t0 = Date.now();
  const r = await runCommand(["sh", "-c", "echo started >&2; exec sleep 30"], { timeoutMs: 300 });
  assert.ok(Date.now() - t0 < 10_000);
  assert.equal(r.signal, "SIGKILL");
  assert.match(r.failure ?? "", /^Command "sh -c .*" did not finish in 300 ms$/);
  assert.equal(r.stderr, "started\n");
});

test("startCommand() with group kills what the command left in its process group", {
  skip: process.platform !== "linux" ? "reads /proc" : false,
}, async () => {
  let grandchild = 0;
  const run = startCommand(["sh", "-c", "sleep 30 & echo $!; wait"], {
    timeoutMs: 10_000,
    group: true,
    onLine: (l) => (grandchild = Number(l)),
  });
  while (grandchild === 0) await new Promise((r) => setTimeout(r, 20));
  assert.ok(alive(grandchild));
  run.kill();
  const until = Date.now() + 5000;
  while (alive(grandchild) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  const gone = !alive(grandchild);
  if (!gone) process.kill(grandchild, "SIGKILL");
  assert.ok(gone, "the sleeping grandchild went with its group");
  assert.equal((await run.done).signal, "SIGKILL");
});

test("tsCommand() runs a TypeScript file with this runtime", async () => {
  const r = await runCommand([...tsCommand(fileURLToPath(new URL("./echo_argv.ts", import.meta.url))), "a", "b"], {
    timeoutMs: 30_000,
  });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), '["a","b"]');
});
