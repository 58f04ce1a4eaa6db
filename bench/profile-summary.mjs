#!/usr/bin/env node
// Summarises V8 .cpuprofile files (from `node --cpu-prof`): wall span, idle/GC/program share, and the functions and
// packages with the most self time. Used to find what limits a benchmark figure (bench/README.md, "Profiling").
// Usage: node bench/profile-summary.mjs [--top N] FILE.cpuprofile…
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const args = process.argv.slice(2);
let top = 15;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--top") top = Number(args[++i]);
  else files.push(args[i]);
}
if (files.length === 0) {
  console.error("usage: node bench/profile-summary.mjs [--top N] FILE.cpuprofile…");
  process.exit(2);
}

/** Where a call frame's code lives: a package under node_modules, a project path, node internals or V8. */
function owner(url) {
  if (!url) return "(v8/native)";
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith("node:")) return "node:internal";
  const p = /\/(src|bench|conformance|bin)\/(.+?)(?:\?.*)?$/.exec(url);
  return p ? `${p[1]}/${p[2].split("/")[0]}` : url;
}

for (const file of files) {
  const prof = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dts = prof.timeDeltas;
  prof.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dts[i + 1] ?? 0)));
  let total = 0;
  const fn = new Map();
  const pkg = new Map();
  const special = { "(idle)": 0, "(garbage collector)": 0, "(program)": 0 };
  for (const [id, us] of self) {
    const n = byId.get(id);
    const cf = n.callFrame;
    total += us;
    if (cf.functionName in special) {
      special[cf.functionName] += us;
      continue;
    }
    const key = `${cf.functionName || "(anonymous)"} ${basename(cf.url || "")}:${cf.lineNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    const o = owner(cf.url);
    pkg.set(o, (pkg.get(o) ?? 0) + us);
  }
  const ms = (us) => (us / 1000).toFixed(1).padStart(9);
  const pct = (us) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
  console.log(
    `${basename(file)}: ${(total / 1000).toFixed(0)} ms sampled; idle ${pct(special["(idle)"])}, GC ${
      pct(special["(garbage collector)"])
    }, program ${pct(special["(program)"])}`,
  );
  console.log("  by owner (self time):");
  for (const [k, v] of [...pkg].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms(v)} ms ${pct(v)}  ${k}`);
  console.log("  by function (self time):");
  for (const [k, v] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${ms(v)} ms ${pct(v)}  ${k}`);
}
