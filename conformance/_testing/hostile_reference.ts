/**
 * Test adapter: the reference adapter, except that it answers `settings.get` in one hostile way (argv[2]), so it
 * passes the compliance probe and the sanity call and misbehaves inside a case (SPEC §7, suite side):
 * oversized | invalid-json | wrong-types | unknown-notification | flood | unknown-id | silence.
 */
import process from "node:process";
import { requestOf, wrapReferenceAdapter } from "../../src/driver/_testing/reference_wrapper.ts";

const mode = process.argv[2] ?? "silence";
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
      process.stdout.write(
        `${JSON.stringify({ jsonrpc: "2.0", method: "call.incoming", params: { callId: "c1", from: "mallory" } })}\n`
          .repeat(5000),
      );
      return true;
    case "unknown-id":
      out({
        jsonrpc: "2.0",
        id: typeof id === "number" ? id + 1000 : "nobody",
        result: { visible: true, enabled: false },
      });
      return false;
    default: // silence
      return false;
  }
}

await wrapReferenceAdapter((line) => {
  if (!line.includes('"method":"settings.get"')) return "pass";
  return hostile(requestOf(line)?.id ?? null) ? "pass" : "drop"; // not JSON: id null
});
