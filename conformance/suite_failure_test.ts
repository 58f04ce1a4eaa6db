/**
 * SPEC §12.4: the suite's own failures are never the implementation's. A reference counterpart that crashes once
 * makes the case run again and pass, with the crash counted apart from the verdicts; one that crashes every time
 * leaves the case not judged (exit 3, a harness failure), never `fail` or `crash` of the implementation.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { referenceAdapterCommand } from "../src/driver/mod.ts";
import { tsCommand } from "../src/_testing/child.ts";
import { ALL_CASES } from "./cases/index.ts";
import { reportConsole } from "./reporters/mod.ts";
import { runSuite, SUITE_RERUNS } from "./runner.ts";
import { startServiceProcess } from "./service_proc.ts";
import type { ServiceProcess } from "./service_proc.ts";

const faulty = fileURLToPath(new URL("./_testing/faulty_adapter.ts", import.meta.url));
// The implementation is the callee, so the reference places the call: the sanity call (placed by the
// implementation) never asks the reference for call.place.
const caseUnder = ALL_CASES.find((c) => c.id === "verify.honest-equal.callee")!;

function run(service: ServiceProcess, refCommand: string[]) {
  return runSuite({
    cases: [caseUnder],
    implCommand: referenceAdapterCommand(),
    implLabel: "reference",
    implHello: { name: "ref", version: "0" },
    refCommand,
    service,
    jobs: 1,
    repeat: 1,
    timeoutS: 60,
    expectations: new Map(),
    options: { strict: false, tags: [], cases: [], shard: null, repeat: 1, jobs: 1 },
    tool: { name: "shieldcall", version: "0" },
  });
}

describe("the suite's own failures", { timeout: 400_000 }, () => {
  let service: ServiceProcess;
  const dir = mkdtempSync(join(tmpdir(), "shieldcall-suitefail-"));
  before(async () => {
    service = await startServiceProcess();
  });
  after(async () => {
    await service.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a reference counterpart that crashes once: the case runs again and passes; the crash is reported apart", async () => {
    const r = await run(service, [...tsCommand(faulty), "crash-once", "call.place", join(dir, "once")]);
    assert.equal(r.cases[0]!.verdict, "pass", r.cases[0]!.reason ?? "");
    assert.equal(r.exitCode, 0);
    assert.equal(r.suiteFailures?.length, 1);
    assert.match(r.suiteFailures![0]!.detail, /reference counterpart ref:alice exited \(code 3/);
    assert.equal(r.suiteFailures![0]!.reruns, 1);
    assert.match(reportConsole(r), /Suite failures, not the implementation's \(1; each case was run again\)/);
  });

  test("one that crashes every time: not judged (not-run), exit 3, never the implementation's fail", async () => {
    const r = await run(service, [...tsCommand(faulty), "crash", "call.place"]);
    assert.equal(r.cases[0]!.verdict, "not-run");
    assert.match(r.cases[0]!.reason ?? "", /^Not judged: the suite failed on every run/);
    assert.equal(r.exitCode, 3);
    assert.equal(r.suiteFailures![0]!.reruns, SUITE_RERUNS);
  });
});
