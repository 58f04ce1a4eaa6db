#!/usr/bin/env node
// `npm test`: type-check, run every *_test.ts on Node under c8 (coverage), then the same files on Deno.
// Prints one final line "N passed, N failed" (Node and Deno together); exits non-zero if either runtime failed.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const roots = ["src", "conformance", "bench"];
const filter = process.argv[2]; // optional substring to select test files
const files = roots
  .flatMap((r) => {
    try {
      return readdirSync(r, { recursive: true }).map((f) => join(r, String(f)));
    } catch {
      return [];
    }
  })
  .filter((f) => f.endsWith("_test.ts") && (!filter || f.includes(filter)))
  .sort();

if (files.length === 0) {
  console.error("No test files found");
  process.exit(2);
}

/** Runs a command, echoing its output, and resolves with {code, out}. */
function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d) => { out += d; process.stdout.write(d); });
    child.stderr.on("data", (d) => { out += d; process.stderr.write(d); });
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
}

const bin = (name) => join("node_modules", ".bin", name);
const started = Date.now();

console.log(`# typecheck (tsc --noEmit)`);
const tsc = await run(bin("tsc"), ["--noEmit", "-p", "."]);

console.log(`# node: ${files.length} test files under c8`);
const node = await run(bin("c8"), [
  "--reporter=text-summary", "--reporter=lcov", "--reports-dir=coverage",
  "--exclude=**/*_test.ts", "--exclude=node_modules/**",
  process.execPath, "--import", "tsx", "--test", "--test-concurrency=2", "--test-reporter=spec", ...files,
]);
const nodePass = Number(/^ℹ pass (\d+)/m.exec(node.out)?.[1] ?? /^# pass (\d+)/m.exec(node.out)?.[1] ?? 0);
const nodeFail = Number(/^ℹ fail (\d+)/m.exec(node.out)?.[1] ?? /^# fail (\d+)/m.exec(node.out)?.[1] ?? 0);

console.log(`# deno: same ${files.length} test files`);
const deno = await run(bin("deno"), ["test", "-A", "--no-check", ...files], { NO_COLOR: "1" });
const denoM = /(\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/.exec(deno.out);
const denoPass = Number(denoM?.[1] ?? 0);
const denoFail = Number(denoM?.[2] ?? 0);

const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(`\n# typecheck: ${tsc.code === 0 ? "ok" : "FAILED"}`);
console.log(`# node: ${nodePass} passed, ${nodeFail} failed (exit ${node.code})`);
console.log(`# deno: ${denoPass} passed, ${denoFail} failed (exit ${deno.code})`);
console.log(`# total time ${secs}s`);
const failed = nodeFail + denoFail + (tsc.code !== 0 ? 1 : 0) +
  (node.code !== 0 && nodeFail === 0 ? 1 : 0) + (deno.code !== 0 && denoFail === 0 ? 1 : 0);
console.log(`${nodePass + denoPass} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
