/**
 * Test adapter: the reference adapter, except that `reset` only answers {} and keeps everything (the call, the
 * configuration, the peer and what it cached), the broken variant that case robustness.reset-leaves-nothing
 * (SPEC §7 reset) must catch.
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
    let req: { id?: unknown; method?: string } = {};
    try {
      req = JSON.parse(line);
    } catch {
      // not JSON: the adapter answers it
    }
    if (req?.method === "reset") {
      process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: req.id, result: {} }) + "\n");
      continue;
    }
    input.write(line);
  }
});
process.stdin.on("end", () => input.end());
console.log = (...a: unknown[]) => console.error(...a);
await runStdioAdapter({ input, output: process.stdout, exit: (c) => process.exit(c), log: (l) => process.stderr.write(`${l}\n`) });
