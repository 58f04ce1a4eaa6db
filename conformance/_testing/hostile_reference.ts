/**
 * Test adapter: the reference adapter, except that it answers `settings.get` in one hostile way (argv[2]), so it
 * passes the compliance probe and the sanity call and misbehaves inside a case (SPEC §7, suite side):
 * oversized | invalid-json | wrong-types | unknown-notification | flood | unknown-id | silence.
 */
import process from "node:process";
import { PassThrough } from "node:stream";
import { runStdioAdapter } from "../../src/driver/mod.ts";

const mode = process.argv[2] ?? "silence";
const input = new PassThrough();
const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);

/** Misbehaves for one `settings.get` request; returns true when the request must still reach the reference. */
function hostile(id: unknown): boolean {
  switch (mode) {
    case "oversized":
      out({ jsonrpc: "2.0", id, result: { visible: true, enabled: false, pad: "x".repeat(1024 * 1024) } });
      return false;
    case "invalid-json":
      process.stdout.write(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{"visible":tru\n`);
      return false;
    case "wrong-types":
      out({ jsonrpc: "2.0", id, result: { visible: "yes", enabled: false } });
      return false;
    case "unknown-notification":
      out({ jsonrpc: "2.0", method: "call.exploded", params: {} });
      return true;
    case "flood":
      process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", method: "call.incoming", params: { callId: "c1", from: "mallory" } })}\n`.repeat(5000));
      return true;
    case "unknown-id":
      out({ jsonrpc: "2.0", id: typeof id === "number" ? id + 1000 : "nobody", result: { visible: true, enabled: false } });
      return false;
    default: // silence
      return false;
  }
}

let buf = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (d: string) => {
  buf += d;
  let i: number;
  while ((i = buf.indexOf("\n")) >= 0) {
    const line = buf.slice(0, i + 1);
    buf = buf.slice(i + 1);
    if (line.includes('"method":"settings.get"')) {
      let id: unknown = null;
      try {
        id = (JSON.parse(line) as { id?: unknown }).id;
      } catch { /* not JSON: the reference answers it */ }
      if (!hostile(id)) continue;
    }
    input.write(line);
  }
});
process.stdin.on("end", () => input.end());
console.log = (...a: unknown[]) => console.error(...a);
await runStdioAdapter({ input, output: process.stdout, exit: (c) => process.exit(c), log: (l) => process.stderr.write(`${l}\n`) });
