/**
 * Case robustness.reset-leaves-nothing (SPEC §7 reset) against the reference adapter (passes) and against an adapter
 * whose reset keeps its call and configuration (conformance/_testing/leaky_reset_adapter.ts: fails, naming what
 * was left behind). Real adapter processes, a real service, real calls.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { selfCommand } from "../../../src/driver/mod.ts";
import type { RunResult } from "../../results.ts";
import { tsCommand } from "../../../src/_testing/child.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const leaky = fileURLToPath(new URL("../../_testing/leaky_reset_adapter.ts", import.meta.url));
const tsRun = tsCommand;

function conformance(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const argv = [...selfCommand(), "conformance", "--case", "robustness.reset-leaves-nothing", ...args];
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const t = setTimeout(() => child.kill("SIGKILL"), 180_000);
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => {
      clearTimeout(t);
      resolve({ code: code ?? 137, out, err });
    });
  });
}

test("robustness.reset-leaves-nothing passes the reference and fails an adapter whose reset keeps state", { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "shieldcall-reset-"));
  try {
    const good = await conformance(["--report", `json:${join(dir, "ref.json")}`]);
    assert.equal(good.code, 0, good.out + good.err);
    const ok = JSON.parse(readFileSync(join(dir, "ref.json"), "utf8")) as RunResult;
    assert.equal(ok.cases[0]!.verdict, "pass");

    const bad = await conformance(["--impl", tsRun(leaky).map((a) => `"${a}"`).join(" "), "--report", `json:${join(dir, "leaky.json")}`]);
    assert.equal(bad.code, 1, bad.out + bad.err);
    const run = JSON.parse(readFileSync(join(dir, "leaky.json"), "utf8")) as RunResult;
    const c = run.cases[0]!;
    assert.equal(c.verdict, "fail");
    assert.match(c.reason ?? "", /after reset/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
