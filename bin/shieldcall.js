#!/usr/bin/env node
// Node entry point. Runs the bundled CLI (dist/node/shieldcall.mjs, built by scripts/build.mjs on `npm ci` /
// `npm install`, before `npm test` and `npm pack`) when it is current, else registers the TypeScript loader (tsx) and
// runs the CLI from the .ts tree. `conformance`, which starts hundreds of adapter processes, first rebuilds a stale
// bundle (about 1 s) and runs a private copy of it, which the processes it starts run too. SHIELDCALL_NO_BUNDLE=1
// forces the .ts tree. Deno runs src/cli.ts directly (see deno.json).
import { pathToFileURL } from "node:url";
import { BUNDLE, bundleFresh, pinBundle, removePinned } from "./_bundle.js";

const args = process.argv.slice(2);
// SHIELDCALL_BUNDLE_PINNED: the path of a private copy of the bundle, set by a `conformance` run that checked the
// bundle at its start, so the service and every adapter it starts run that same code (and skip the check) even when
// the bundle is rebuilt during the run.
const pinned = process.env.SHIELDCALL_NO_BUNDLE !== "1" ? process.env.SHIELDCALL_BUNDLE_PINNED : undefined;
let fresh = process.env.SHIELDCALL_NO_BUNDLE !== "1" && (pinned !== undefined || bundleFresh());
if (!fresh && process.env.SHIELDCALL_NO_BUNDLE !== "1" && args[0] === "conformance") {
  try {
    const { build } = await import("../scripts/build.mjs");
    await build({ quiet: true });
    fresh = bundleFresh();
  } catch (e) {
    console.error(`[shieldcall] cannot bundle the CLI, running the .ts tree: ${e?.message ?? e}`);
  }
}
// ("1", from a run started by an older bin/shieldcall.js, pinned the bundle in place)
let entry = pinned === undefined || pinned === "1" ? BUNDLE : pinned;
if (fresh && pinned === undefined && args[0] === "conformance") {
  try {
    entry = pinBundle();
    process.env.SHIELDCALL_BUNDLE_PINNED = entry;
    process.on("exit", () => removePinned(entry));
  } catch (e) {
    console.error(`[shieldcall] cannot pin a copy of the bundle, running it in place: ${e?.message ?? e}`);
  }
}
let main;
if (fresh) {
  ({ main } = await import(pathToFileURL(entry).href));
} else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("../src/cli.ts"));
}
process.exit(await main(args));
