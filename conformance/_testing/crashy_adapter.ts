/**
 * Test adapter: the reference adapter, except that it exits with code 3 (after a line on stderr) as soon as it is
 * asked for `feature.request`, or hangs forever when asked for `call.hangup` with SHIELDCALL_HANG=1. Used by the
 * runner's tests to prove a crash or hang fails only that case and the run goes on (SPEC §12.4).
 */
import process from "node:process";
import { PassThrough } from "node:stream";
import { runStdioAdapter } from "../../src/driver/mod.ts";

const input = new PassThrough();
let buf = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d: string) => {
  buf += d;
  let i: number;
  while ((i = buf.indexOf("\n")) >= 0) {
    const line = buf.slice(0, i + 1);
    buf = buf.slice(i + 1);
    if (line.includes('"method":"feature.request"')) {
      process.stderr.write("crashy adapter: crashing on purpose at feature.request\n");
      process.exit(3);
    }
    input.write(line);
  }
});
process.stdin.on("end", () => input.end());
console.log = (...a: unknown[]) => console.error(...a);
await runStdioAdapter({ input, output: process.stdout, exit: (c) => process.exit(c), log: (l) => process.stderr.write(`${l}\n`) });
