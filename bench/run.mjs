#!/usr/bin/env node
// `npm run bench`: runs every benchmark, each in its own child process (`node --import tsx bench/<name>.ts --json`,
// which also writes bench/results/<name>-<date>.json and updates bench/results/latest.json), then prints one human
// table. `--quick` runs the short variants (under two minutes in all), stored as <name>-quick so they never replace
// the full figures; `--only a,b` picks benches.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { register } from "tsx/esm/api";

register();
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const ALL = ["handshake", "call-setup", "suite", "load"];
const { values } = parseArgs({ options: { quick: { type: "boolean" }, only: { type: "string" } }, strict: true });
const names = values.only ? values.only.split(",") : ALL;
for (const n of names) {
  if (!ALL.includes(n)) {
    console.error(`bench: unknown bench "${n}" (one of ${ALL.join(", ")})`);
    process.exit(2);
  }
}

/** Runs one bench in a child process; resolves with its parsed JSON result, or an error. */
function runBench(name) {
  return new Promise((resolve) => {
    const argv = ["--import", "tsx", `bench/${name}.ts`, "--json", ...(values.quick ? ["--quick"] : [])];
    const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      try {
        resolve({ name, code, result: JSON.parse(out.trim().split("\n").pop() ?? "") });
      } catch {
        resolve({ name, code, result: null, error: `exit ${code}, no JSON result` });
      }
    });
  });
}

const format = await import("./_format.ts");
const formatters = {
  handshake: format.formatHandshake,
  "call-setup": format.formatCallSetup,
  suite: format.formatSuite,
  load: format.formatLoad,
};

const t0 = performance.now();
const results = [];
for (const n of names) {
  console.error(`\n== bench/${n}${values.quick ? " --quick" : ""} ==`);
  results.push(await runBench(n));
}
const seconds = Math.round((performance.now() - t0) / 100) / 10;
const m = results.find((r) => r.result)?.result?.machine;
console.log(`\nShieldCall benchmarks${values.quick ? " (quick)" : ""}: ${seconds} s in all`);
if (m) {
  console.log(
    `machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, Node ${m.node}, ${
      m.deno ?? "Deno n/a"
    }, load ${m.loadAvg1} at start`,
  );
}
for (const r of results) {
  console.log(`\n${r.name}${r.result ? "" : `: FAILED (${r.error})`}`);
  if (r.result) { for (const line of formatters[r.name](r.result)) console.log(line); }
}
// Record how the latest figures were produced next to them.
const latestPath = `${ROOT}bench/results/latest.json`;
try {
  const latest = JSON.parse(readFileSync(latestPath, "utf8"));
  latest[values.quick ? "_run-quick" : "_run"] = {
    command: `npm run bench${values.quick ? " -- --quick" : ""}`,
    benches: names,
    finishedAt: new Date().toISOString(),
    seconds,
  };
  writeFileSync(latestPath, JSON.stringify(latest, null, 2) + "\n");
} catch {
  // no bench wrote a result
}
process.exit(results.every((r) => r.result) ? 0 : 1);
