/**
 * Test adapter: the reference adapter, except that `reset` only answers {} and keeps everything (the call, the
 * configuration, the peer and what it cached), the broken variant that case robustness.reset-leaves-nothing
 * (SPEC §7 reset) must catch.
 */
import process from "node:process";
import { requestOf, wrapReferenceAdapter } from "../../src/driver/_testing/reference_wrapper.ts";

await wrapReferenceAdapter((line) => {
  const req = requestOf(line); // not JSON: the reference answers it
  if (req?.method !== "reset") return "pass";
  process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: req.id, result: {} }) + "\n");
  return "drop";
});
