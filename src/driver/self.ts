/**
 * The command line that starts the embedded reference peer as a driver adapter (`shieldcall peer --stdio`) with the
 * runtime this process runs on: Node (through bin/shieldcall.js, which loads tsx) or Deno (src/cli.ts directly).
 */
import { selfCommand } from "../runtime/self.ts";

export { selfCommand };

/** argv of the reference adapter for the current runtime. */
export function referenceAdapterCommand(extra: string[] = []): string[] {
  return [...selfCommand(), "peer", "--stdio", ...extra];
}
