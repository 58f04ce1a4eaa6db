/**
 * Case robustness.reset-leaves-nothing (SPEC §7 reset) against the reference adapter (passes) and against an adapter
 * whose reset keeps its call and configuration (conformance/_testing/leaky_reset_adapter.ts: fails, naming what
 * was left behind). Real adapter processes, a real service, real calls.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { selfCommand } from "../../../src/driver/mod.ts";
import type { RunResult } from "../../results.ts";
import { type CommandRun, runCommand, tsCommand } from "../../../src/_testing/child.ts";

const root = fileURLToPath(new URL("../../..", import.meta.url));
const leaky = fileURLToPath(new URL("../../_testing/leaky_reset_adapter.ts", import.meta.url));
const tsRun = tsCommand;

function conformance(args: string[]): Promise<CommandRun> {
  return runCommand([...selfCommand(), "conformance", "--case", "robustness.reset-leaves-nothing", ...args], {
    cwd: root,
    timeoutMs: 180_000,
  });
}

test("robustness.reset-leaves-nothing passes the reference and fails an adapter whose reset keeps state", {
  timeout: 300_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "shieldcall-reset-"));
  try {
    const good = await conformance(["--report", `json:${join(dir, "ref.json")}`]);
    assert.equal(good.code, 0, good.stdout + good.stderr);
    const ok = JSON.parse(readFileSync(join(dir, "ref.json"), "utf8")) as RunResult;
    assert.equal(ok.cases[0]!.verdict, "pass");

    const bad = await conformance([
      "--impl",
      tsRun(leaky).map((a) => `"${a}"`).join(" "),
      "--report",
      `json:${join(dir, "leaky.json")}`,
    ]);
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    const run = JSON.parse(readFileSync(join(dir, "leaky.json"), "utf8")) as RunResult;
    const c = run.cases[0]!;
    assert.equal(c.verdict, "fail");
    assert.match(c.reason ?? "", /after reset/i);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
