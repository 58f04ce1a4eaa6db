// Where the bundled CLI lives (scripts/build.mjs writes it) and whether it is current: every input file it was built
// from still has the size and content recorded at build time (the mtime is checked first; only a file whose mtime
// changed is hashed, e.g. after `npm pack`, which resets every mtime). Plain JS, node: builtins only, so
// bin/shieldcall.js decides in a few milliseconds whether to run the bundle or load the .ts tree through tsx.
import { createHash } from "node:crypto";
import { copyFileSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
/** The bundle (two folders below the root, like src/<layer>/*.ts: see scripts/build.mjs). */
export const BUNDLE = join(ROOT, "dist", "node", "shieldcall.mjs");
/** Size and mtime of every input of the bundle. */
export const INPUTS = join(ROOT, "dist", "node", "inputs.json");

/** True when the bundle exists and none of its inputs changed since it was built (`root`: the project root). */
export function bundleFresh(root = ROOT) {
  let manifest;
  try {
    statSync(join(root, "dist", "node", "shieldcall.mjs"));
    manifest = JSON.parse(readFileSync(join(root, "dist", "node", "inputs.json"), "utf8"));
  } catch {
    return false;
  }
  if (!manifest.inputs || Object.keys(manifest.inputs).length === 0) return false;
  for (const [path, [size, mtime, sha1]] of Object.entries(manifest.inputs)) {
    try {
      const file = join(root, path);
      const s = statSync(file);
      if (s.size !== size) return false;
      if (Math.round(s.mtimeMs) !== mtime && fileHash(file) !== sha1) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** sha1 of a file's bytes, hex. */
export function fileHash(path) {
  return createHash("sha1").update(readFileSync(path)).digest("hex");
}

/**
 * A copy of the bundle private to one `conformance` run (`dist/node/shieldcall-run-<pid>.mjs`, beside the bundle so
 * its bare imports resolve the same way), so the service and every adapter the run starts load the same code even
 * when the bundle is rebuilt during the run. Copies left by runs whose process is gone are removed first. Returns
 * the copy's path; the caller removes it at exit (`removePinned`).
 */
export function pinBundle(root = ROOT, pid = process.pid) {
  const dir = join(root, "dist", "node");
  for (const name of readdirSync(dir)) {
    const m = /^shieldcall-run-(\d+)\.mjs(\.tmp)?$/.exec(name);
    if (m === null || Number(m[1]) === pid || alive(Number(m[1]))) continue;
    rmSync(join(dir, name), { force: true });
  }
  const path = join(dir, `shieldcall-run-${pid}.mjs`);
  // copy, then rename: a process that starts meanwhile never sees half a file
  copyFileSync(join(dir, "shieldcall.mjs"), `${path}.tmp`);
  renameSync(`${path}.tmp`, path);
  return path;
}

/** Removes a run's pinned copy; never throws. */
export function removePinned(path) {
  try {
    rmSync(path, { force: true });
  } catch {
    // best effort: the next run removes it
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e?.code === "EPERM";
  }
}
