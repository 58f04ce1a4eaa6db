/**
 * Parent side of the call-control scenarios (scenario_*.ts beside this file, built on control_harness.ts): runs one in
 * a child process and hands its result to the test, or fails with why there is none — the child's exit and stderr,
 * a missing RESULT line, or the error the scenario caught with the service's and peers' logs.
 */
import assert from "node:assert/strict";
import { childResult } from "../../_testing/child.ts";

/** Runs `scenario_<name>.ts` and resolves with its result (untyped: the test reads what its scenario recorded). */
// deno-lint-ignore no-explicit-any -- each test reads its own scenario's fields
export async function controlScenario(name: string, timeoutMs = 80_000): Promise<any> {
  const j = await childResult(new URL(`./scenario_${name}.ts`, import.meta.url), { timeoutMs });
  assert.equal(j.error, undefined, `${j.error}\n${((j.logs ?? []) as string[]).join("\n")}`);
  return j;
}
