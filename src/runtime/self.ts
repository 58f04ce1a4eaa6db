/**
 * The one place that knows how to start `shieldcall` again with the runtime this process runs on: Node through
 * bin/shieldcall.js (the bundle, or the .ts tree through tsx) or Deno on src/cli.ts directly. The reference adapter,
 * the processor's workers and the benches all start from it. Two folders below the root, like the CLI bundle
 * (dist/node/), so the paths it resolves from import.meta.url hold in both.
 */
import process from "node:process";
import { fileURLToPath } from "node:url";

/** argv that runs `shieldcall` with the current runtime. */
export function selfCommand(): string[] {
  const deno = (globalThis as { Deno?: { execPath(): string } }).Deno;
  if (deno) return [deno.execPath(), "run", "-A", "--no-check", fileURLToPath(new URL("../cli.ts", import.meta.url))];
  return [process.execPath, fileURLToPath(new URL("../../bin/shieldcall.js", import.meta.url))];
}
