/**
 * Test adapter for conformance/pool_test.ts: answers the driver protocol (SPEC §7) from memory, with no peer and no
 * service. `hello` lists `reset` unless started with `no-reset`; with `bad-reset` it answers `reset` with an error.
 * It writes "tiny adapter <pid>" on stderr at start, so a test can tell processes apart.
 */
import process from "node:process";
import { readStdinLines } from "../../src/driver/_testing/stdin_lines.ts";

const args = process.argv.slice(2);
const methods = ["hello", "configure", "settings.get", "shutdown", ...(args.includes("no-reset") ? [] : ["reset"])];
let user: string | null = null;
process.stderr.write(`tiny adapter ${process.pid}\n`);
const reply = (id: unknown, body: Record<string, unknown>) =>
  process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id, ...body }) + "\n");
readStdinLines((line) => {
  const req = JSON.parse(line) as { id: unknown; method: string; params?: { user?: string } };
  if (!methods.includes(req.method)) {
    reply(req.id, {
      error: { code: -32601, message: `Unknown method "${req.method}"`, data: { code: "DRIVER_UNSUPPORTED" } },
    });
  } else if (req.method === "hello") {
    reply(req.id, { result: { name: "tiny", version: "1", protocol: 1, methods, features: [] } });
  } else if (req.method === "configure") {
    user = req.params?.user ?? null;
    reply(req.id, { result: { userId: user, endpointId: `ep-${process.pid}` } });
  } else if (req.method === "settings.get") {
    if (user === null) {
      reply(req.id, { error: { code: -32000, message: "Not configured", data: { code: "AUTH_REQUIRED" } } });
    } else reply(req.id, { result: { visible: true, enabled: false } });
  } else if (req.method === "reset") {
    if (args.includes("bad-reset")) {
      reply(req.id, { error: { code: -32000, message: "Cannot reset", data: { code: "INTERNAL" } } });
    } else {
      user = null;
      reply(req.id, { result: {} });
    }
  } else if (req.method === "shutdown") {
    reply(req.id, { result: {} });
    process.exit(0);
  }
}, () => process.exit(0));
