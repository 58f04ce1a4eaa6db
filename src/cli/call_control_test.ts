/**
 * `shieldcall call --feature F` with a call-control feature (SPEC §4.5), end to end in a child process (node-webrtc
 * crashes at exit): `--duration` counts the seconds after the feature ran, as `call --help` says.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { selfCommand } from "../driver/mod.ts";
import type { CallReport } from "./call.ts";
import { runCommand } from "../_testing/child.ts";

test("--duration counts after a call-control feature: transfer-blind with --duration 1 ends about 1 s after it", {
  timeout: 120_000,
}, async () => {
  const args = ["call", "--json", "--no-e2ee", "--feature", "transfer-blind", "--duration", "1"];
  const run = await runCommand([...selfCommand(), ...args], { timeoutMs: 90_000 });
  assert.equal(run.code, 0, `${run.failure ?? ""}\n${run.stderr.slice(-3000)}`);
  const r = JSON.parse(run.stdout.trim().split("\n").pop()!) as CallReport;
  assert.equal(r.feature?.ok, true, JSON.stringify(r.feature));
  const at = (event: string) => r.log.find((e) => e.event === event)?.at;
  const ran = at("feature");
  const ended = at("ended");
  assert.ok(ran !== undefined && ended !== undefined, JSON.stringify(r.log.map((e) => e.event)));
  // Before the fix a call-control feature held the call at least 6 s after it ran, whatever --duration said.
  const span = ended - ran;
  assert.ok(span >= 1000 && span < 5000, `the call ended ${span} ms after the feature ran (--duration 1)`);
});
