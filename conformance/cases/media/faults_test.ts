/**
 * The media.fault.* cases (SPEC §8.1 RF7) against the reference adapter (they pass) and against a control adapter that
 * reports foreign digits in E2EE calls, as an endpoint that plays altered media would
 * (conformance/_testing/foreign_digits_adapter.ts): they fail on their own check, naming the foreign digits. No
 * one-fault variant of the reference can play altered media (SRTP authentication lives in libwebrtc), hence the
 * control. Real adapter processes, a real service and relay, real calls under `tamper`.
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
const control = fileURLToPath(new URL("../../_testing/foreign_digits_adapter.ts", import.meta.url));

function conformance(args: string[]): Promise<CommandRun> {
  return runCommand([...selfCommand(), "conformance", "--case", "media.fault.tamper.*", "--jobs", "1", ...args], {
    cwd: root,
    timeoutMs: 240_000,
  });
}

test("media.fault.tamper.* pass the reference and fail an adapter that plays altered media, on their own check", {
  timeout: 400_000,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "shieldcall-faults-"));
  try {
    const good = await conformance(["--report", `json:${join(dir, "ref.json")}`]);
    assert.equal(good.code, 0, good.stdout + good.stderr);
    const ok = JSON.parse(readFileSync(join(dir, "ref.json"), "utf8")) as RunResult;
    assert.deepEqual(ok.cases.map((c) => c.verdict), ["pass", "pass"]);

    const bad = await conformance([
      "--impl",
      tsCommand(control).map((a) => `"${a}"`).join(" "),
      "--report",
      `json:${join(dir, "control.json")}`,
    ]);
    assert.equal(bad.code, 1, bad.stdout + bad.stderr);
    const run = JSON.parse(readFileSync(join(dir, "control.json"), "utf8")) as RunResult;
    assert.equal(run.cases.length, 2);
    for (const c of run.cases) {
      assert.equal(c.verdict, "fail", c.id);
      assert.match(c.reason ?? "", /decoded digits the other side never spoke/, c.id);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
