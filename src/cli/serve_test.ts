/**
 * `serve` as an operator runs it: in the background with `--pid-file`, as the README's admin flow does. The log has one
 * line per sign-in and refusal; `kill $(cat FILE)` stops the service and its processor workers, leaving no process and
 * no pid file behind.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCommand } from "../_testing/child.ts";
import { selfCommand } from "../driver/mod.ts";
import { AdminClient } from "../service/mod.ts";
import { RawClient } from "../service/_testing/fixtures.ts";

/** `shieldcall` on this runtime (Node through bin/shieldcall.js, or Deno on src/cli.ts), quoted for sh. */
const cli = selfCommand().map((w) => `"${w}"`).join(" ");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
/** Children of `pid`, from /proc (Linux). */
const children = (pid: number) =>
  readdirSync("/proc").filter((d) => /^\d+$/.test(d)).filter((d) => {
    try {
      return readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]!.split(" ")[1] === String(pid);
    } catch {
      return false;
    }
  }).map(Number);

test("serve --pid-file in the background: logs sign-ins and refusals; kill $(cat FILE) leaves nothing behind", {
  skip: process.platform !== "linux" ? "reads /proc" : false,
  timeout: 90_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "serve-"));
  const pidFile = join(dir, "shieldcall.pid");
  const log = join(dir, "serve.log");
  try {
    // exactly a shell's `cmd > log 2>&1 &`: the shell exits at once, the service keeps running
    const sh = await runCommand([
      "sh",
      "-c",
      `${cli} serve --port 0 --admin-token t0k --processor-workers 1 --pid-file "${pidFile}" ` +
      `> "${log}" 2>&1 &`,
    ], { timeoutMs: 10_000 });
    assert.equal(sh.code, 0, sh.stderr);
    const end = Date.now() + 60_000;
    while (!/admin: +(\S+)/.test(existsSync(log) ? readFileSync(log, "utf8") : "") && Date.now() < end) {
      await sleep(100);
    }
    const admin = /admin: +(\S+)/.exec(readFileSync(log, "utf8"))![1]!;
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    assert.ok(alive(pid));
    const a = new AdminClient(admin, "t0k");
    await a.tenant("t1");
    const token = await a.user("t1", "alice");
    const c = await RawClient.connect(admin.replace(/^http/, "ws").replace(/\/admin$/, "/signal"), token, "laptop");
    const bad = new RawClient(admin.replace(/^http/, "ws").replace(/\/admin$/, "/signal"));
    await bad.opened;
    bad.send({ type: "auth", token: "wrong", protocol: 1, capabilities: { e2ee: true } });
    await bad.closed;
    c.close();
    await sleep(300);
    const text = readFileSync(log, "utf8");
    assert.match(text, /^\S+Z sign-in user=alice endpoint=\S+ device=laptop$/m);
    assert.match(text, /^\S+Z refused code=AUTH_FAILED request=auth user=- message="Authentication failed"$/m);
    const workers = children(pid);
    assert.ok(workers.length >= 1, "the service runs a processor worker");
    process.kill(pid, "SIGTERM"); // kill $(cat shieldcall.pid)
    const gone = Date.now() + 15_000;
    while ([pid, ...workers].some(alive) && Date.now() < gone) await sleep(100);
    assert.deepEqual([pid, ...workers].filter(alive), [], "no service or worker process is left");
    assert.equal(existsSync(pidFile), false, "the pid file is removed on a clean stop");
  } finally {
    if (existsSync(pidFile)) {
      const pid = Number(readFileSync(pidFile, "utf8").trim());
      if (pid > 1 && alive(pid)) process.kill(pid, "SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
