#!/usr/bin/env node
// Node entry point. Runs the bundled CLI (dist/node/shieldcall.mjs, built by scripts/build.mjs on `npm ci` /
// `npm install`, before `npm test` and `npm pack`) when it is current, else registers the TypeScript loader (tsx) and
// runs the CLI from the .ts tree. `conformance`, which starts hundreds of adapter processes, first rebuilds a stale
// bundle (about 1 s). SHIELDCALL_NO_BUNDLE=1 forces the .ts tree. Deno runs src/cli.ts directly (see deno.json).
import { pathToFileURL } from "node:url";
import { BUNDLE, bundleFresh } from "./_bundle.js";

const args = process.argv.slice(2);
let fresh = process.env.SHIELDCALL_NO_BUNDLE !== "1" && bundleFresh();
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
if (fresh) {
  ({ main } = await import(pathToFileURL(BUNDLE).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli.ts"));
}
process.exit(await main(args));
