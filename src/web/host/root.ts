/**
 * The repository root, found from this module's location whether it runs from the .ts tree or from the bundled CLI
 * (dist/node/shieldcall.mjs): the first ancestor directory that holds src/web/main.ts.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

let root: string | undefined;

/** Absolute path of the repository root. @throws Error when src/web is not found above this module */
export function repoRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "src", "web", "main.ts"))) return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error("Cannot find the web client sources (src/web/main.ts) above this module");
    dir = up;
  }
}

/** Absolute path of a file under src/web. */
export function webFile(name: string): string {
  return join(repoRoot(), "src", "web", name);
}
