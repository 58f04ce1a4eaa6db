/**
 * The one place that knows how to start this runtime again: `shieldcall` through Node's bin/shieldcall.js (the
 * bundle, or the .ts tree through tsx) or Deno on src/cli.ts directly, and any TypeScript file (a test's child
 * scenario, an adapter of the tests) through tsx on Node or `deno run` on Deno. The reference adapter, the
 * processor's workers, the benches and the tests all start from it. Two folders below the root, like the CLI bundle
 * (dist/node/), so the paths it resolves from import.meta.url hold in both.
 */
import process from "node:process";
import { fileURLToPath } from "node:url";

const deno = (globalThis as { Deno?: { execPath(): string } }).Deno;

/** argv that runs the TypeScript file `script` (a path) with the current runtime, executable first. */
export function tsCommand(script: string): string[] {
  if (deno) return [deno.execPath(), "run", "-A", "--no-check", script];
  return [process.execPath, "--import", "tsx", script];
}

/** argv that runs `shieldcall` with the current runtime. */
export function selfCommand(): string[] {
  if (deno) return tsCommand(fileURLToPath(new URL("../cli.ts", import.meta.url)));
  return [process.execPath, fileURLToPath(new URL("../../bin/shieldcall.js", import.meta.url))];
}
