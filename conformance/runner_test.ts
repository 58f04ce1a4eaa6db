/**
 * The runner against real adapter processes and a real service: a passing selection, an adapter without the needed
 * methods (skips, non-zero exit), an adapter that crashes mid-run (that case fails with its stderr, the run goes on),
 * an empty selection (exit 2), a failing probe, and the --expect ratchet.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { selfCommand } from "../src/driver/mod.ts";
import type { RunResult } from "./results.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const runtime = selfCommand().slice(0, -1); // the runtime (and loader) without the CLI script
const tsRun = (file: string) => {
  const deno = "Deno" in globalThis;
  return deno ? [runtime[0]!, "run", "-A", "--no-check", file] : [process.execPath, "--import", "tsx", file];
};
const quote = (argv: string[]) => argv.map((a) => `"${a}"`).join(" ");

function conformance(args: string[], timeoutMs = 240_000): Promise<{ code: number; out: string; err: string }> {
  const argv = [...selfCommand(), "conformance", ...args];
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const t = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("close", (code) => {
      clearTimeout(t);
      resolve({ code: code ?? 137, out, err });
    });
  });
}

describe("shieldcall conformance (runner)", { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "shieldcall-runner-"));
  const report = (name: string) => join(dir, name);
  const readRun = (p: string) => JSON.parse(readFileSync(p, "utf8")) as RunResult;

  test("an empty selection is an error (exit 2), never a pass", async () => {
    const r = await conformance(["--case", "no.such-case*"]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /matches no case/);
  });

  test("bad flags are usage errors (exit 2)", async () => {
    for (const args of [["--shard", "3/2"], ["--report", "pdf:x.pdf"], ["--repeat", "0"]]) {
      const r = await conformance(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
    }
  });

  test("the reference passes a selection; reports are written; --repeat gives identical verdicts", async () => {
    const r = await conformance(["--case", "verify.honest-equal", "--case", "opt-in.callee.uc-on.uc-on", "--repeat", "2", "--jobs", "2",
      "--report", `json:${report("ok.json")}`, "--report", `junit:${report("ok.xml")}`]);
    assert.equal(r.code, 0, r.out + r.err);
    const run = readRun(report("ok.json"));
    assert.equal(run.summary.pass, 2);
    assert.deepEqual(run.cases.map((c) => c.repeats), [["pass", "pass"], ["pass", "pass"]]);
    assert.ok(run.sanity.before?.ok && run.sanity.after?.ok);
    assert.ok(run.cases.every((c) => c.evidence.drivers.length >= 2 && c.evidence.calls.length >= 1), "evidence attached");
    assert.match(readFileSync(report("ok.xml"), "utf8"), /<testsuites/);
  });

  test("an adapter that crashes fails that case with its stderr, and the run goes on (exit 1)", async () => {
    const crashy = quote(tsRun(join(root, "conformance/_testing/crashy_adapter.ts")));
    const r = await conformance(["--impl", crashy, "--case", "feature.recording.refused-e2ee", "--case", "verify.honest-equal", "--report", `json:${report("crash.json")}`]);
    assert.equal(r.code, 1, r.out + r.err);
    const run = readRun(report("crash.json"));
    const crashed = run.cases.find((c) => c.id === "feature.recording.refused-e2ee")!;
    assert.equal(crashed.verdict, "fail");
    assert.match(crashed.reason ?? "", /exited \(code 3/);
    assert.ok(crashed.evidence.drivers.some((d) => d.stderr.includes("crashing on purpose")));
    assert.equal(run.cases.find((c) => c.id === "verify.honest-equal")!.verdict, "pass");
  });

  test("the adapter template passes the probe, its cases skip as unsupported, and the run does not exit 0", async () => {
    const r = await conformance(["--impl", quote(["node", join(root, "fixtures/adapters/template.mjs")]), "--case", "verify.honest-equal"]);
    assert.notEqual(r.code, 0);
    assert.match(r.out + r.err, /Sanity before: FAIL|unsupported|Unsupported/i);
  });

  test("an adapter that fails the probe stops the run with a clear message", async () => {
    const r = await conformance(["--impl", quote(["node", "-e", "process.stdin.resume()"]), "--case", "verify.honest-equal"]);
    assert.equal(r.code, 1);
    assert.match(r.err, /failed the compliance probe/);
  });

  test("--expect: a known failure that passes fails the run (the file ratchets)", async () => {
    const expectFile = join(dir, "expect.json");
    writeFileSync(expectFile, JSON.stringify({ version: 1, failures: { "verify.honest-equal": "pretend it is broken" } }));
    const r = await conformance(["--case", "verify.honest-equal", "--expect", expectFile, "--report", `json:${report("exp.json")}`]);
    assert.equal(r.code, 1, r.out);
    assert.deepEqual(readRun(report("exp.json")).summary.unexpectedPasses, ["verify.honest-equal"]);
  });

  test("cleanup", () => rmSync(dir, { recursive: true, force: true }));
});
