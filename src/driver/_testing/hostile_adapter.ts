/**
 * Test-only hostile adapter (SPEC §7, suite side): answers `hello`, the unknown-method probe and the parse-error probe
 * correctly (so it passes the adapter-compliance probe), then misbehaves in one way from `configure` on:
 *
 * - `oversized`: answers with a line over 1 MiB
 * - `invalid-json`: answers with a line that is not JSON
 * - `wrong-types`: answers `configure` with `{userId: 42, endpointId: "e"}`
 * - `unknown-notification`: sends `call.exploded` before answering
 * - `flood`: sends 5000 valid `call.incoming` notifications, then answers
 * - `unknown-id`: answers with an id no request has
 * - `silence`: never answers anything after `hello`
 * - `bad-profiles`: answers `hello` itself with an unknown media profile (`profiles: ["dtls-srtp", "sframe-v0"]`)
 *
 * Usage: `hostile_adapter.ts MODE` (imports only the stdin line loop, so it starts fast on both runtimes).
 */
import process from "node:process";
import { readStdinLines, requestOf } from "./stdin_lines.ts";

const mode = process.argv[2] ?? "silence";
const out = (o: unknown) => process.stdout.write(`${JSON.stringify(o)}\n`);
const ok = (id: unknown, result: unknown) => out({ jsonrpc: "2.0", id, result });
const HELLO = {
  name: "hostile",
  version: "0.0.0",
  protocol: 1,
  methods: ["hello", "configure", "shutdown"],
  features: [],
};

function misbehave(id: unknown, method: string): void {
  switch (mode) {
    case "oversized":
      out({ jsonrpc: "2.0", id, result: { userId: "u", endpointId: "x".repeat(1024 * 1024 + 10) } });
      return;
    case "invalid-json":
      process.stdout.write(`{"jsonrpc":"2.0","id":${JSON.stringify(id)},"result":{\n`);
      return;
    case "wrong-types":
      ok(id, method === "configure" ? { userId: 42, endpointId: "e" } : { unexpected: true });
      return;
    case "unknown-notification":
      out({ jsonrpc: "2.0", method: "call.exploded", params: { boom: true } });
      ok(id, { userId: "u", endpointId: "e" });
      return;
    case "flood": {
      const line = `${
        JSON.stringify({ jsonrpc: "2.0", method: "call.incoming", params: { callId: "c1", from: "mallory" } })
      }\n`;
      process.stdout.write(line.repeat(5000));
      ok(id, { userId: "u", endpointId: "e" });
      return;
    }
    case "unknown-id":
      ok(typeof id === "number" ? id + 1000 : "nobody", { userId: "u", endpointId: "e" });
      return;
    case "silence":
    case "bad-profiles":
      return;
    default:
      process.stderr.write(`hostile adapter: unknown mode "${mode}"\n`);
      process.exit(2);
  }
}

readStdinLines((line) => {
  const req = requestOf(line);
  if (!req) {
    out({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error", data: { code: "PROTO_PARSE" } } });
    return;
  }
  if (req.method === "hello") {
    ok(req.id, mode === "bad-profiles" ? { ...HELLO, profiles: ["dtls-srtp", "sframe-v0"] } : HELLO);
  } else if (req.method === "shutdown") {
    ok(req.id, {});
    process.exit(0);
  } else if (req.method === "configure" || req.method === "settings.get") misbehave(req.id, String(req.method));
  else {out({
      jsonrpc: "2.0",
      id: req.id,
      error: {
        code: -32601,
        message: `Unsupported method "${String(req.method)}"`,
        data: { code: "DRIVER_UNSUPPORTED" },
      },
    });}
}, () => process.exit(0));
