/**
 * Test-only: the reference adapter (SPEC §7) behind a filter, so a test adapter is just its one fault. Each stdin line
 * goes to `onLine` first; "pass" hands it to the reference adapter, "drop" withholds it (the fault answered it itself,
 * or it is never answered). The reference's console output goes to stderr, as stdout carries only protocol lines.
 */
import process from "node:process";
import { PassThrough } from "node:stream";
import { runStdioAdapter } from "../mod.ts";
import { readStdinLines } from "./stdin_lines.ts";

export { requestOf } from "./stdin_lines.ts";

/** What the wrapper does with one stdin line. */
export type LineAction = "pass" | "drop";

/** Runs the reference adapter on stdin/stdout with `onLine` in front of it; resolves when it has stopped. */
export async function wrapReferenceAdapter(onLine: (line: string) => LineAction): Promise<void> {
  const input = new PassThrough();
  readStdinLines(
    (line) => {
      if (onLine(line) === "pass") input.write(`${line}\n`);
    },
    () => input.end(),
  );
  console.log = (...a: unknown[]) => console.error(...a);
  await runStdioAdapter({
    input,
    output: process.stdout,
    exit: (c) => process.exit(c),
    log: (l) => process.stderr.write(`${l}\n`),
  });
}
