#!/usr/bin/env node
// `npm test`: type-check, run every *_test.ts on Node under c8 (coverage), then the same files on Deno, then the
// conformance suite against the reference with the mutants' kill matrix (skipped when a filter is given).
// Prints one final line "N passed, N failed" (Node and Deno together); exits non-zero if either runtime failed.
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const roots = ["src", "conformance", "bench", "bin"];
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
    child.stdout.on("data", (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.stderr.on("data", (d) => {
      out += d;
      process.stderr.write(d);
    });
    child.on("close", (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), out }));
  });
}

const bin = (name) => join("node_modules", ".bin", name);
const started = Date.now();

console.log(`# format and lint (deno fmt --check, deno lint)`);
const fmt = await run(bin("deno"), ["fmt", "--check"], { NO_COLOR: "1" });
const lint = await run(bin("deno"), ["lint"], { NO_COLOR: "1" });

console.log(`# typecheck (tsc --noEmit)`);
const tsc = await run(bin("tsc"), ["--noEmit", "-p", "."]);

console.log(`# node: ${files.length} test files under c8`);
const node = await run(bin("c8"), [
  "--reporter=text-summary",
  "--reporter=lcov",
  "--reports-dir=coverage",
  "--exclude=**/*_test.ts",
  "--exclude=node_modules/**",
  process.execPath,
  "--import",
  "tsx",
  "--test",
  "--test-concurrency=2",
  "--test-reporter=spec",
  ...files,
]);
const nodePass = Number(/^ℹ pass (\d+)/m.exec(node.out)?.[1] ?? /^# pass (\d+)/m.exec(node.out)?.[1] ?? 0);
const nodeFail = Number(/^ℹ fail (\d+)/m.exec(node.out)?.[1] ?? /^# fail (\d+)/m.exec(node.out)?.[1] ?? 0);

console.log(`# deno: same ${files.length} test files`);
const deno = await run(bin("deno"), ["test", "-A", "--no-check", ...files], { NO_COLOR: "1" });
const denoM = /(\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/.exec(deno.out);
const denoPass = Number(denoM?.[1] ?? 0);
const denoFail = Number(denoM?.[2] ?? 0);

// The product's own gate (SPEC §12.7): the conformance suite against the reference, then every mutant must be killed.
let conf = { code: 0, pass: 0, fail: 0, killed: 0, survived: 0 };
if (!filter) {
  console.log(`# conformance: reference suite and mutants (shieldcall conformance --mutants)`);
  const r = await run(process.execPath, [
    "bin/shieldcall.js",
    "conformance",
    "--mutants",
    "--jobs",
    "2",
    "--report",
    "json:reports/conformance.json",
    "--report",
    "html:reports/conformance.html",
    "--report",
    "junit:reports/conformance.xml",
  ]);
  const m = /clean reference: (\d+) passed, (\d+) MUST not passed/.exec(r.out);
  const k = /Mutants: (\d+) killed, (\d+) survived, (\d+) errored/.exec(r.out);
  conf = {
    code: r.code,
    pass: Number(m?.[1] ?? 0) + Number(k?.[1] ?? 0),
    fail: Number(m?.[2] ?? 0) + Number(k?.[2] ?? 0) + Number(k?.[3] ?? 0) + (r.code !== 0 && !(m && k) ? 1 : 0),
    killed: Number(k?.[1] ?? 0),
    survived: Number(k?.[2] ?? 0),
  };
}

const secs = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `\n# format: ${fmt.code === 0 ? "ok" : "FAILED (run: npx deno fmt)"}; lint: ${lint.code === 0 ? "ok" : "FAILED"}`,
);
console.log(`# typecheck: ${tsc.code === 0 ? "ok" : "FAILED"}`);
console.log(`# node: ${nodePass} passed, ${nodeFail} failed (exit ${node.code})`);
console.log(`# deno: ${denoPass} passed, ${denoFail} failed (exit ${deno.code})`);
if (!filter) {
  console.log(`# conformance: ${conf.pass} passed (cases and killed mutants), ${conf.fail} failed (exit ${conf.code})`);
}
console.log(`# total time ${secs}s`);
const failed = nodeFail + denoFail + conf.fail + (tsc.code !== 0 ? 1 : 0) + (fmt.code !== 0 ? 1 : 0) +
  (lint.code !== 0 ? 1 : 0) +
  (node.code !== 0 && nodeFail === 0 ? 1 : 0) + (deno.code !== 0 && denoFail === 0 ? 1 : 0) +
  (conf.code !== 0 && conf.fail === 0 ? 1 : 0);
console.log(`${nodePass + denoPass + conf.pass} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
