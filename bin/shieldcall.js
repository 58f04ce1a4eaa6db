#!/usr/bin/env node
// Node entry point. Runs the bundled CLI (dist/node/shieldcall.mjs, built by scripts/build.mjs on `npm ci` /
// `npm install`, before `npm test` and `npm pack`) when it is current, else registers the TypeScript loader (tsx) and
// runs the CLI from the .ts tree. `conformance`, which starts hundreds of adapter processes, first rebuilds a stale
// bundle (about 1 s) and pins it for the processes it starts. SHIELDCALL_NO_BUNDLE=1 forces the .ts tree. Deno runs
// src/cli.ts directly (see deno.json).
import { pathToFileURL } from "node:url";
import { BUNDLE, bundleFresh } from "./_bundle.js";

const args = process.argv.slice(2);
// SHIELDCALL_BUNDLE_PINNED: set by a `conformance` run that checked the bundle at its start, so the service and every
// adapter it starts run that same snapshot (and skip the check) even while files change during the run.
let fresh = process.env.SHIELDCALL_NO_BUNDLE !== "1" && (process.env.SHIELDCALL_BUNDLE_PINNED === "1" || bundleFresh());
if (!fresh && process.env.SHIELDCALL_NO_BUNDLE !== "1" && args[0] === "conformance") {
  try {
    const { build } = await import("../scripts/build.mjs");
    await build({ quiet: true });
    fresh = bundleFresh();
  } catch (e) {
    console.error(`[shieldcall] cannot bundle the CLI, running the .ts tree: ${e?.message ?? e}`);
  }
}
let main;
if (fresh && args[0] === "conformance") process.env.SHIELDCALL_BUNDLE_PINNED = "1";
if (fresh) {
  ({ main } = await import(pathToFileURL(BUNDLE).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli.ts"));
}
process.exit(await main(args));
