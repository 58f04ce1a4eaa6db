/**
 * Test adapter: the reference adapter with one fault, chosen by its arguments: `hang METHOD` never answers METHOD;
 * `crash METHOD` writes a line to stderr and exits 3 when asked for METHOD. Used by the runner's tests for the
 * `timeout` and `crash` verdicts and for a failing sanity call (SPEC §12.2, §12.4).
 */
import process from "node:process";
import { PassThrough } from "node:stream";
import { runStdioAdapter } from "../../src/driver/mod.ts";

const [mode, method] = process.argv.slice(2);
if ((mode !== "hang" && mode !== "crash") || !method) {
  process.stderr.write("usage: faulty_adapter.ts hang|crash METHOD\n");
  process.exit(2);
}
const input = new PassThrough();
let buf = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d: string) => {
  buf += d;
  let i: number;
  while ((i = buf.indexOf("\n")) >= 0) {
    const line = buf.slice(0, i + 1);
    buf = buf.slice(i + 1);
    if (line.includes(`"method":"${method}"`)) {
      if (mode === "crash") {
        process.stderr.write(`faulty adapter: crashing on purpose at ${method}\n`);
        process.exit(3);
      }
      process.stderr.write(`faulty adapter: not answering ${method}\n`);
      continue;
    }
    input.write(line);
  }
});
process.stdin.on("end", () => input.end());
console.log = (...a: unknown[]) => console.error(...a);
await runStdioAdapter({ input, output: process.stdout, exit: (c) => process.exit(c), log: (l) => process.stderr.write(`${l}\n`) });
