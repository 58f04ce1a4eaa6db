/**
 * The command line that starts the embedded reference peer as a driver adapter (`shieldcall peer --stdio`) with the
 * runtime this process runs on: Node (through bin/shieldcall.js, which loads tsx) or Deno (src/cli.ts directly).
 */
import { fileURLToPath } from "node:url";

/** argv of the reference adapter for the current runtime. */
export function referenceAdapterCommand(extra: string[] = []): string[] {
  return [...selfCommand(), "peer", "--stdio", ...extra];
}

/** argv that runs `shieldcall` with the current runtime. */
export function selfCommand(): string[] {
  const deno = (globalThis as { Deno?: { execPath(): string } }).Deno;
  if (deno) return [deno.execPath(), "run", "-A", "--no-check", fileURLToPath(new URL("../cli.ts", import.meta.url))];
  return [process.execPath, fileURLToPath(new URL("../../bin/shieldcall.js", import.meta.url))];
}
