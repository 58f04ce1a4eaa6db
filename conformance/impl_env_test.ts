/**
 * SPEC §12.4: the implementation runs as itself. implEnv() removes the runner's own variables; and a modified build of
 * the reference, copied to another folder and run through --impl, is judged as that build (its fault fails the case
 * that catches it) while the runner's own reference passes the same case.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "../src/_testing/child.ts";
import { implEnv } from "./impl_env.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

test("implEnv() removes the runner's variables and its loader, and keeps the user's", () => {
  const env = implEnv({
    SHIELDCALL_BUNDLE_PINNED: "/tmp/pinned.mjs",
    SHIELDCALL_NO_REUSE: "1",
    SHIELDCALL_PROCESSOR_WORKERS: "2",
    SHIELDCALL_CHROMIUM: "/usr/bin/chrome",
    TSX_TSCONFIG_PATH: "x",
    NODE_CHANNEL_FD: "3",
    NODE_OPTIONS: "--max-old-space-size=512 --import tsx",
    HOME: "/home/u",
    PATH: "/usr/bin",
  });
  assert.deepEqual(env, {
    SHIELDCALL_BUNDLE_PINNED: undefined,
    SHIELDCALL_NO_REUSE: undefined,
    SHIELDCALL_PROCESSOR_WORKERS: undefined,
    TSX_TSCONFIG_PATH: undefined,
    NODE_CHANNEL_FD: undefined,
    NODE_OPTIONS: "--max-old-space-size=512",
  });
  assert.deepEqual(implEnv({ NODE_OPTIONS: "--import=tsx" }), { NODE_OPTIONS: undefined });
  assert.deepEqual(implEnv({ NODE_OPTIONS: "--enable-source-maps" }), {});
});

/** Runs one case through the CLI (the bundle, as a user runs it) against `impl`; returns its JSON report's verdict. */
async function verdictOf(impl: string | null, caseId: string, dir: string): Promise<{ verdict: string; out: string }> {
  const report = join(dir, `r-${impl === null ? "ref" : "copy"}.json`);
  const args = ["bin/shieldcall.js", "conformance", "--case", caseId, "--jobs", "1", "--report", `json:${report}`];
  if (impl !== null) args.push("--impl", impl);
  const r = await runCommand([process.execPath, ...args], { cwd: root, timeoutMs: 240_000 });
  const out = `${r.stdout}\n${r.stderr}${r.failure ? `\n${r.failure}` : ""}`;
  try {
    const run = JSON.parse(readFileSync(report, "utf8")) as { cases: { id: string; verdict: string }[] };
    return { verdict: run.cases.find((c) => c.id === caseId)?.verdict ?? "missing", out };
  } catch {
    return { verdict: `no report (exit ${r.code})`, out };
  }
}

test("a patched copy of the reference run through --impl is judged as itself, not as the runner", {
  timeout: 600_000,
  skip: "Deno" in globalThis ? "bin/shieldcall.js is the Node entry point; Node runs this test" : false,
}, async () => {
  const dir = mkdtempSync(join(tmpdir(), "shieldcall-copy-"));
  try {
    const copy = join(dir, "shieldcall");
    for (const part of ["bin", "src", "package.json", "tsconfig.json"]) {
      cpSync(join(root, part), join(copy, part), { recursive: true });
    }
    symlinkSync(join(root, "node_modules"), join(copy, "node_modules"), "dir");
    // One fault, one line, in the copy's peer: every number it shows is twenty zeros (SPEC §2.2 V2 breaks).
    const file = join(copy, "src/peer/strategies.ts");
    const honest = "  stateView: (_call: PeerCall, honest: CallState): CallState => honest,";
    const src = readFileSync(file, "utf8");
    assert.ok(src.includes(honest), "the reference's stateView line moved: update this test's patch");
    writeFileSync(
      file,
      src.replace(
        honest,
        "  stateView: (_c: PeerCall, h: CallState): CallState => " +
          '({ ...h, e2ee: { ...h.e2ee, number: h.e2ee.number && "0".repeat(20) } }),',
      ),
    );
    const caseId = "verify.honest-equal";
    const patched = await verdictOf(`node ${join(copy, "bin/shieldcall.js")} peer --stdio`, caseId, dir);
    assert.equal(patched.verdict, "fail", `the copy's fault must fail ${caseId}:\n${patched.out.slice(-3000)}`);
    const own = await verdictOf(null, caseId, dir);
    assert.equal(own.verdict, "pass", `the runner's reference must pass ${caseId}:\n${own.out.slice(-3000)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
