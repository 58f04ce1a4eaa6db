/**
 * The suite against hostile adapters (SPEC §7 suite side, §12.2): a real run of `shieldcall conformance` whose
 * implementation answers `settings.get` with an oversized line, invalid JSON, wrong types, an unknown notification, a
 * flood of notifications, a reply to an unknown id, or silence. Each run ends (no crash, no hang), the case is
 * `adapter-error` naming the method and path (or `timeout` naming the request, for silence), and the run exits 1.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { selfCommand } from "../src/driver/mod.ts";
import { runCommand, tsCommand } from "../src/_testing/child.ts";
import type { RunResult } from "./results.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const adapter = fileURLToPath(new URL("./_testing/hostile_reference.ts", import.meta.url));
const quote = (argv: string[]) => argv.map((a) => `"${a}"`).join(" ");

async function run(mode: string, report: string): Promise<{ code: number | null; ms: number }> {
  const argv = [
    ...selfCommand(),
    "conformance",
    "--impl",
    quote([...tsCommand(adapter), mode]),
    "--case",
    "policy.fresh-user.visible-off",
    "--timeout",
    "20",
    "--jobs",
    "1",
    "--report",
    `json:${report}`,
  ];
  const t0 = Date.now();
  const r = await runCommand(argv, { cwd: root, timeoutMs: 120_000 });
  return { code: r.code, ms: Date.now() - t0 };
}

const EXPECT: { mode: string; verdict: string; reason: RegExp }[] = [
  { mode: "oversized", verdict: "adapter-error", reason: /line over 1048576 bytes.*"settings\.get"/ },
  { mode: "invalid-json", verdict: "adapter-error", reason: /not valid JSON.*"settings\.get"/ },
  {
    mode: "wrong-types",
    verdict: "adapter-error",
    reason: /"settings\.get" with an invalid result: \/visible must be a boolean/,
  },
  { mode: "unknown-notification", verdict: "adapter-error", reason: /Unknown notification "call\.exploded"/ },
  { mode: "flood", verdict: "adapter-error", reason: /more than 1000 notifications/ },
  { mode: "unknown-id", verdict: "adapter-error", reason: /no request is waiting for/ },
  { mode: "silence", verdict: "timeout", reason: /settings\.get/ },
];

describe("conformance against hostile adapters", { timeout: 900_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "shieldcall-hostile-"));
  for (const e of EXPECT) {
    test(`${e.mode}: the case is ${e.verdict}, named clearly, and the run ends`, async () => {
      const report = join(dir, `${e.mode}.json`);
      const r = await run(e.mode, report);
      assert.equal(r.code, 1, `exit code (after ${r.ms} ms)`);
      const res = JSON.parse(readFileSync(report, "utf8")) as RunResult;
      const c = res.cases.find((x) => x.id === "policy.fresh-user.visible-off")!;
      assert.equal(c.verdict, e.verdict, c.reason ?? "");
      assert.match(c.reason ?? "", e.reason);
    });
  }
  test("cleanup", () => rmSync(dir, { recursive: true, force: true }));
});
