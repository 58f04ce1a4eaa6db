/**
 * The runner against real adapter processes and a real service: a passing selection (with --seed), the unmodified
 * adapter template (every case skipped as unsupported, exit 1), an adapter that crashes mid-run (verdict `crash`
 * naming the pending request; the run goes on), one that hangs (verdict `timeout` naming the pending request, with a
 * reproduction command in every report), a failed sanity call (exit 3, stderr tail, cases not run), an empty
 * selection (exit 2), a failing probe (exit 3), and the --expect ratchet.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { selfCommand } from "../src/driver/mod.ts";
import type { RunResult } from "./results.ts";
import { type CommandRun, runCommand, tsCommand } from "../src/_testing/child.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const tsRun = tsCommand;
const quote = (argv: string[]) => argv.map((a) => `"${a}"`).join(" ");

function conformance(args: string[], timeoutMs = 240_000): Promise<CommandRun> {
  return runCommand([...selfCommand(), "conformance", ...args], { cwd: root, timeoutMs });
}

describe("shieldcall conformance (runner)", { timeout: 300_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "shieldcall-runner-"));
  const report = (name: string) => join(dir, name);
  const readRun = (p: string) => JSON.parse(readFileSync(p, "utf8")) as RunResult;

  test("an empty selection is an error (exit 2), never a pass", async () => {
    const r = await conformance(["--case", "no.such-case*"]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /matches no case/);
  });

  test("bad flags are usage errors (exit 2)", async () => {
    for (const args of [["--shard", "3/2"], ["--report", "pdf:x.pdf"], ["--repeat", "0"]]) {
      const r = await conformance(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    }
  });

  test("the reference passes a selection; reports are written; --repeat gives identical verdicts; --seed reaches the adversary", async () => {
    const r = await conformance([
      "--case",
      "verify.mitm-differs",
      "--case",
      "opt-in.callee.uc-on.uc-on",
      "--repeat",
      "2",
      "--jobs",
      "2",
      "--seed",
      "4242",
      "--report",
      `json:${report("ok.json")}`,
      "--report",
      `junit:${report("ok.xml")}`,
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const run = readRun(report("ok.json"));
    assert.equal(run.summary.pass, 2);
    assert.deepEqual(run.cases.map((c) => c.repeats), [["pass", "pass"], ["pass", "pass"]]);
    assert.deepEqual(run.cases.map((c) => c.seed), [4242, 4242]);
    assert.equal(run.cases.find((c) => c.id === "verify.mitm-differs")!.evidence.adversary?.seed, 4242);
    assert.ok(run.cases.every((c) => c.reproduce === null), "a passing case needs no reproduction command");
    assert.ok(run.sanity.before?.ok && run.sanity.after?.ok);
    assert.ok(
      run.cases.every((c) => c.evidence.drivers.length >= 2 && c.evidence.calls.length >= 1),
      "evidence attached",
    );
    assert.match(readFileSync(report("ok.xml"), "utf8"), /<testsuites/);
  });

  test("cases of a profile the adapter does not declare are skipped with the fixed reason and fail no run; alone they test nothing (exit 1)", async () => {
    const r = await conformance([
      "--case",
      "sframe.state.*",
      "--case",
      "verify.honest-equal",
      "--report",
      `json:${report("profile.json")}`,
    ]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const run = readRun(report("profile.json"));
    const skipped = run.cases.filter((c) => c.id.startsWith("sframe."));
    assert.deepEqual(skipped.map((c) => [c.verdict, c.reason, c.profile]), [
      ["skip", "unsupported: the adapter does not declare the sframe profile", "sframe"],
      ["skip", "unsupported: the adapter does not declare the sframe profile", "sframe"],
    ]);
    assert.equal(run.summary.profileSkipped, 2);
    assert.match(r.stderr + r.stdout, /2 cases of a profile the adapter does not declare skipped/);
    const alone = await conformance(["--case", "sframe.state.*"]);
    assert.equal(alone.code, 1, alone.stdout + alone.stderr);
    assert.match(alone.stderr + alone.stdout, /no selected case applies to the implementation, so nothing was tested/);
  });

  test("an adapter that crashes: verdict crash naming the pending request, with its stderr; the run goes on (exit 1)", async () => {
    const crashy = quote(
      tsRun(join(root, "conformance/_testing/faulty_adapter.ts")).concat(["crash", "feature.request"]),
    );
    const r = await conformance([
      "--impl",
      crashy,
      "--case",
      "feature.recording.refused-e2ee",
      "--case",
      "verify.honest-equal",
      "--report",
      `json:${report("crash.json")}`,
    ]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const run = readRun(report("crash.json"));
    const crashed = run.cases.find((c) => c.id === "feature.recording.refused-e2ee")!;
    assert.equal(crashed.verdict, "crash", `a crash is its own verdict, not a plain fail: ${crashed.reason}`);
    assert.match(crashed.reason ?? "", /exited \(code 3, signal null\) while "feature\.request" was pending/);
    assert.match(crashed.reproduce ?? "", /--case feature\.recording\.refused-e2ee --seed \d+/);
    assert.ok(crashed.evidence.drivers.some((d) => d.stderr.includes("crashing on purpose")));
    assert.equal(run.cases.find((c) => c.id === "verify.honest-equal")!.verdict, "pass");
  });

  test("the unmodified adapter template: every case skipped as unsupported (configure), exit 1 as the README says", async () => {
    const r = await conformance([
      "--impl",
      quote(["node", join(root, "fixtures/adapters/template.mjs")]),
      "--case",
      "verify.*",
      "--report",
      `json:${report("tpl.json")}`,
    ]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /Sanity before: UNSUPPORTED .*"configure" as unsupported/);
    assert.match(
      r.stdout,
      /\d+ cases skipped: Skipped as unsupported: the adapter answered "configure" as unsupported/,
    );
    assert.doesNotMatch(r.stdout + r.stderr, /No case selected/);
    const run = readRun(report("tpl.json"));
    assert.ok(run.cases.length > 1 && run.cases.every((c) => c.verdict === "skip"));
    assert.equal(run.sanity.before?.unsupported, "configure");
  });

  test("a failed sanity call says so, shows the adapter's stderr tail, marks the cases not run, and exits 3", async () => {
    const broken = quote(tsRun(join(root, "conformance/_testing/faulty_adapter.ts")).concat(["crash", "call.place"]));
    const r = await conformance([
      "--impl",
      broken,
      "--case",
      "verify.honest-equal",
      "--report",
      `json:${report("sanity.json")}`,
      "--report",
      `junit:${report("sanity.xml")}`,
    ]);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stdout, /Sanity before: FAILED .*crash: Adapter impl:a exited \(code 3/);
    assert.match(r.stdout, /\| faulty adapter: crashing on purpose at call\.place/, "stderr tail, line by line");
    assert.doesNotMatch(r.stdout, /\\n/, "no literal \\n");
    const run = readRun(report("sanity.json"));
    assert.deepEqual(run.cases.map((c) => c.verdict), ["not-run"]);
    assert.match(readFileSync(report("sanity.xml"), "utf8"), /<error type="sanity"/);
  });

  test("an adapter that hangs: verdict timeout naming the pending request, with a reproduction command in every report", async () => {
    const hang = quote(tsRun(join(root, "conformance/_testing/faulty_adapter.ts")).concat(["hang", "feature.request"]));
    const r = await conformance([
      "--impl",
      hang,
      "--case",
      "feature.recording.refused-e2ee",
      "--timeout",
      "8",
      "--report",
      `json:${report("hang.json")}`,
      "--report",
      `junit:${report("hang.xml")}`,
      "--report",
      `tap:${report("hang.tap")}`,
    ]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const c = readRun(report("hang.json")).cases[0]!;
    assert.equal(c.verdict, "timeout");
    assert.match(c.reason ?? "", /^Timed out after 8 s; pending: impl:\w+ "feature\.request" \(waiting \d/);
    assert.match(
      c.reproduce ?? "",
      /^npx shieldcall conformance --impl '.*faulty_adapter\.ts\W+hang\W+feature\.request\W*' --case feature\.recording\.refused-e2ee --seed \d+ --timeout 8$/,
    );
    for (const f of ["hang.xml", "hang.tap"]) {
      assert.ok(readFileSync(report(f), "utf8").includes("--case feature.recording.refused-e2ee --seed"), f);
    }
    assert.match(r.stdout, /TIMEOUT feature\.recording\.refused-e2ee[\s\S]*reproduce: npx shieldcall conformance/);
  });

  test("--timeout bounds the sanity call: an adapter whose call.place hangs is reported within it", async () => {
    const hang = quote(tsRun(join(root, "conformance/_testing/faulty_adapter.ts")).concat(["hang", "call.place"]));
    const r = await conformance(["--impl", hang, "--case", "verify.honest-equal", "--timeout", "8"]);
    assert.equal(r.code, 3, r.stdout + r.stderr);
    assert.match(r.stderr, /^shieldcall conformance \S+: 1 case against /m, "1 case, not 1 cases");
    // The suite ↔ adapter version is the driver protocol's, never to be read as the call protocol version (SPEC §7).
    assert.match(r.stderr, /^adapter: .* \(driver protocol 1, SPEC §7\)$/m);
    // (On a loaded machine an adapter may still be starting: then its `hello` is the request pending.)
    const m = /Sanity before: FAILED \(([\d.]+) s\) timeout: Timed out after 8 s; pending: /.exec(r.stdout);
    assert.ok(m, r.stdout);
    // Before the fix the sanity call ignored --timeout: a hanging call.place was reported after its 30 s request bound.
    assert.ok(Number(m[1]) < 12, `the sanity call took ${m[1]} s`);
  });

  test("--expect with TODO reasons: a warning, and a usage error under --strict", async () => {
    const todo = join(dir, "todo.json");
    writeFileSync(todo, JSON.stringify({ version: 1, failures: { "verify.honest-equal": "TODO: why (fail: x)" } }));
    const warn = await conformance(["--case", "verify.honest-equal", "--expect", todo, "--list"]);
    assert.equal(warn.code, 0);
    assert.match(warn.stderr, /warning: Expect file .* gives 1 known failure a TODO reason \(verify\.honest-equal\)/);
    const strict = await conformance(["--case", "verify.honest-equal", "--expect", todo, "--strict", "--list"]);
    assert.equal(strict.code, 2);
    assert.match(strict.stderr, /TODO reason .*an error under --strict/);
  });

  test("an adapter that fails the probe stops the run with a clear message and exit 3", async () => {
    const r = await conformance([
      "--impl",
      quote(["node", "-e", "process.stdin.resume()"]),
      "--case",
      "verify.honest-equal",
      "--report",
      `json:${report("probe.json")}`,
    ]);
    assert.equal(r.code, 3);
    assert.match(r.stderr, /failed the compliance probe/);
    assert.equal(readRun(report("probe.json")).cases[0]!.verdict, "not-run", "the report is written even so");
  });

  test("--expect: a known failure that passes fails the run (the file ratchets)", async () => {
    const expectFile = join(dir, "expect.json");
    writeFileSync(
      expectFile,
      JSON.stringify({ version: 1, failures: { "verify.honest-equal": "pretend it is broken" } }),
    );
    const r = await conformance([
      "--case",
      "verify.honest-equal",
      "--expect",
      expectFile,
      "--report",
      `json:${report("exp.json")}`,
    ]);
    assert.equal(r.code, 1, r.stdout);
    assert.deepEqual(readRun(report("exp.json")).summary.unexpectedPasses, ["verify.honest-equal"]);
  });

  test("cleanup", () => rmSync(dir, { recursive: true, force: true }));
});
