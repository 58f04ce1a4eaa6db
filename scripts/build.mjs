#!/usr/bin/env node
// Bundles the CLI (src/cli.ts and everything it imports) into one ES module with esbuild, so an adapter or service
// process starts without loading the TypeScript tree through tsx (that load was 75–82 % of a case's time).
// Native and heavy packages stay external. Output: dist/node/shieldcall.mjs plus dist/node/inputs.json, the size,
// mtime and sha1 of every input; bin/shieldcall.js runs the bundle only while every input is unchanged and falls back
// to tsx otherwise, so an edited tree never runs stale code. Runs on `npm ci`/`npm install` (prepare), before
// `npm test` and `npm pack`; `shieldcall conformance` rebuilds a stale bundle itself.
//
// The bundle sits two folders below the root, like the src/<layer>/ files it is made of, so the paths they resolve
// from import.meta.url (src/runtime/self.ts → bin/shieldcall.js) stay right.
//
// Usage: node scripts/build.mjs [--if-stale] [--quiet] [--soft]
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { BUNDLE, bundleFresh, fileHash, INPUTS } from "../bin/_bundle.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/**
 * Packages never bundled: native code (wrtc), large optional tools (playwright, esbuild), the TS loader, and werift
 * (the forwarder's WebRTC stack: about 50,000 lines that only a service with SFrame calls loads).
 */
export const EXTERNAL = [
  "@roamhq/wrtc",
  "playwright-core",
  "esbuild",
  "tsx",
  "bufferutil",
  "utf-8-validate",
  "werift",
];

/** Builds the bundle; resolves with its path and build time in ms. */
export async function build({ quiet = false } = {}) {
  const t0 = Date.now();
  const { build: esbuild } = await import("esbuild");
  const tmp = `${BUNDLE}.${process.pid}.tmp`;
  const r = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: ["src/cli.ts"],
    outfile: tmp,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: EXTERNAL,
    metafile: true,
    logLevel: quiet ? "error" : "warning",
    legalComments: "none",
    // CommonJS packages inside an ES module bundle need a real require for node: builtins.
    banner: {
      js: 'import { createRequire as __scCreateRequire } from "node:module"; const require = ' +
        "__scCreateRequire(import.meta.url);",
    },
  });
  const { statSync } = await import("node:fs");
  const inputs = {};
  // Only the project's own files: packages change only through npm ci / npm install, which rebuild (prepare), and
  // an installed package may find them hoisted elsewhere.
  for (const p of Object.keys(r.metafile.inputs).filter((p) => !p.split(/[\\/]/).includes("node_modules"))) {
    const s = statSync(join(ROOT, p));
    inputs[relative(ROOT, join(ROOT, p))] = [s.size, Math.round(s.mtimeMs), fileHash(join(ROOT, p))];
  }
  mkdirSync(dirname(BUNDLE), { recursive: true });
  writeFileSync(`${INPUTS}.${process.pid}.tmp`, JSON.stringify({ builtAt: new Date().toISOString(), inputs }) + "\n");
  renameSync(tmp, BUNDLE);
  renameSync(`${INPUTS}.${process.pid}.tmp`, INPUTS);
  return { path: BUNDLE, ms: Date.now() - t0, inputs: Object.keys(inputs).length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const quiet = process.argv.includes("--quiet");
  // --soft (npm's prepare and pretest): a failed build only warns; bin/shieldcall.js then runs the .ts tree.
  const soft = process.argv.includes("--soft");
  try {
    if (process.argv.includes("--if-stale") && bundleFresh()) {
      if (!quiet) console.error(`bundle up to date: ${relative(process.cwd(), BUNDLE)}`);
    } else {
      const r = await build({ quiet });
      if (!quiet) console.error(`bundled ${r.inputs} files into ${relative(process.cwd(), r.path)} in ${r.ms} ms`);
    }
  } catch (e) {
    console.error(
      `shieldcall: cannot bundle the CLI${soft ? " (the .ts tree will run through tsx)" : ""}: ${e?.message ?? e}`,
    );
    process.exit(soft ? 0 : 1);
  }
}
