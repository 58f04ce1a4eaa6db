/**
 * `shieldcall conformance` options checked before anything starts, and selection a user can discover (in this
 * process: every command here ends before the service or an adapter starts). Runs against real files in a temp dir.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ALL_CASES } from "../../conformance/cases/index.ts";
import { renderExpectations } from "../../conformance/expect.ts";
import { sampleRun } from "../../conformance/reporters/_testing/sample.ts";
import { runMain } from "./_testing/capture.ts";
import { reproduceCommand, splitCommand, writeOutputs } from "./conformance.ts";

const dir = mkdtempSync(join(tmpdir(), "shieldcall-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("a --report path that cannot be written is a usage error before the run (exit 2, one clear line, no raw EEXIST)", async () => {
  writeFileSync(join(dir, "afile"), "x");
  const t0 = Date.now();
  const r = await runMain([
    "conformance",
    "--case",
    "verify.honest-equal",
    "--report",
    `json:${join(dir, "afile", "run.json")}`,
  ]);
  assert.equal(r.code, 2, r.err);
  assert.match(r.err, /Cannot write the json report ".*afile\/run.json": ".*afile" is not a directory/);
  assert.doesNotMatch(r.err, /EEXIST|mkdir/);
  assert.ok(Date.now() - t0 < 10_000, "refused before any case ran");
  mkdirSync(join(dir, "adir"));
  const d = await runMain(["conformance", "--report", `junit:${join(dir, "adir")}`]);
  assert.equal(d.code, 2);
  assert.match(d.err, /is a directory/);
  const twice = await runMain([
    "conformance",
    "--report",
    `json:${join(dir, "x.json")}`,
    "--report",
    `json:${join(dir, "x.json")}`,
  ]);
  assert.equal(twice.code, 2);
  assert.match(twice.err, /path of two outputs/);
});

test("writeOutputs() writes every report it can when one cannot be written, and the run exits 3", async () => {
  const ro = join(dir, "ro");
  mkdirSync(ro);
  writeFileSync(join(ro, "run.json"), "");
  chmodSync(join(ro, "run.json"), 0o444);
  const writable = process.getuid?.() === 0 ? null : join(ro, "run.json"); // root writes read-only files anyway
  const good = join(dir, "good.xml");
  const reports = [
    ...(writable ? [{ format: "json", path: writable }] : [{ format: "json", path: join(dir, "adir") }]),
    { format: "junit", path: good },
  ];
  const run = sampleRun();
  const r = await writeOutputs({ verbose: false }, reports, run, false, { log: () => {}, error: () => {} });
  assert.equal(r, 3);
  assert.match(readFileSync(good, "utf8"), /<testsuites/);
});

test("--expect: an id that matches no case is an error naming it; the format is in the help", async () => {
  const f = join(dir, "expect.json");
  writeFileSync(
    f,
    JSON.stringify({ version: 1, failures: { "verify.honest-equal": "known", "verify.no-such-case": "typo" } }),
  );
  const r = await runMain(["conformance", "--expect", f, "--list"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /"verify\.no-such-case", which matches no case/);
  const h = await runMain(["conformance", "--help"]);
  assert.match(h.out, /"version":1,"failures":\{"<case id>":"<reason>"\}/);
});

test("--list shows id, clause, level and tags; --list-tags lists every tag with its count", async () => {
  const r = await runMain(["conformance", "--list", "--case", "verify.honest-equal"]);
  assert.equal(r.code, 0);
  const c = ALL_CASES.find((x) => x.id === "verify.honest-equal")!;
  const line = r.out.split("\n")[0]!;
  for (const part of [c.id, c.clause, c.level, c.tags.join(",")]) {
    assert.ok(line.includes(part), `"${line}" has "${part}"`);
  }
  assert.match(r.out, /^1 case$/m, "one case is counted as 1 case, not 1 cases");
  const t = await runMain(["conformance", "--list-tags"]);
  assert.equal(t.code, 0);
  const n = ALL_CASES.filter((x) => x.tags.includes("features")).length;
  assert.match(t.out, new RegExp(`^features\\s+${n}$`, "m"));
});

test("an unknown tag (`feature` for `features`) is an error with the right tag as hint, never an empty or partial run", async () => {
  const r = await runMain(["conformance", "--tag", "feature"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /Unknown tag "feature": did you mean "features"\?/);
  const g = await runMain(["conformance", "--case", "verify.*", "--case", "verfy.honest*"]);
  assert.equal(g.code, 2, "one glob of two matching nothing is still an error");
  assert.match(g.err, /--case "verfy\.honest\*" matches no case/);
});

test("--clause selects by rule, range and section; --skip removes cases; selectors of different kinds all hold", async () => {
  const ids = async (...argv: string[]) => {
    const r = await runMain(["conformance", "--list", ...argv]);
    assert.equal(r.code, 0, r.err);
    return r.out.trim().split("\n").slice(0, -1).map((l) => l.split(/\s+/)[0]!);
  };
  const v2 = await ids("--clause", "V2");
  assert.ok(v2.length > 0 && v2.every((id) => ALL_CASES.find((c) => c.id === id)!.clause.includes("V2")));
  const f = await ids("--clause", "F1-F10");
  assert.ok(f.length > 0 && f.every((id) => /F\d/.test(ALL_CASES.find((c) => c.id === id)!.clause)));
  assert.deepEqual(await ids("--clause", "§2.4"), f, "section §2.4 holds exactly the F rules");
  const verify = await ids("--case", "verify.*");
  const skipped = await ids("--case", "verify.*", "--skip", "verify.mitm*");
  assert.ok(skipped.length < verify.length && skipped.every((id) => !id.startsWith("verify.mitm")));
  const both = await ids("--tag", "verify", "--clause", "V2");
  assert.ok(both.every((id) => v2.includes(id)) && both.length <= v2.length);
  assert.equal((await runMain(["conformance", "--clause", "Z99"])).code, 2);
  assert.equal((await runMain(["conformance", "--clause", "F1-G3"])).code, 2);
});

test("--rerun-failed selects the cases that did not pass in a JSON report; --write-expect writes a reason placeholder per case", async () => {
  const run = sampleRun();
  const real = ALL_CASES.slice(0, 3);
  run.cases = run.cases.slice(0, 3).map((c, i) => ({
    ...c,
    id: real[i]!.id,
    verdict: (["pass", "timeout", "crash"] as const)[i]!,
    known: null,
  }));
  const report = join(dir, "prev.json");
  writeFileSync(report, JSON.stringify(run));
  const r = await runMain(["conformance", "--rerun-failed", report, "--list", "--strict"]);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(
    r.out.trim().split("\n").slice(0, -1).map((l) => l.split(/\s+/)[0]).sort(),
    [real[1]!.id, real[2]!.id].sort(),
  );
  const text = renderExpectations(run);
  const parsed = JSON.parse(text) as { version: number; failures: Record<string, string> };
  assert.deepEqual(Object.keys(parsed.failures).sort(), [real[1]!.id, real[2]!.id].sort());
  assert.ok(Object.values(parsed.failures).every((v) => v.startsWith("TODO:")));
  const f = join(dir, "written-expect.json");
  writeFileSync(f, text);
  assert.equal(
    (await runMain(["conformance", "--expect", f, "--list"])).code,
    0,
    "a written file is a valid --expect file",
  );
});

test("--impl naming a program that does not exist is refused before the run", async () => {
  const r = await runMain(["conformance", "--impl", "no-such-program-xyz my-adapter.mjs"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /Adapter program "no-such-program-xyz" \(from --impl\) is not found on PATH/);
  assert.equal((await runMain(["conformance", "--kill-all"])).code, 2);
});

test("reproduceCommand() reruns exactly one case with its seed and the same implementation", () => {
  const cmd = reproduceCommand({ impl: "node my adapter.mjs", timeout: 60 }, {
    id: "verify.honest-equal",
    level: "MUST",
  }, 42);
  assert.equal(cmd, "npx shieldcall conformance --impl 'node my adapter.mjs' --case verify.honest-equal --seed 42");
  const argv = splitCommand(cmd);
  assert.deepEqual(argv.slice(2), [
    "conformance",
    "--impl",
    "node my adapter.mjs",
    "--case",
    "verify.honest-equal",
    "--seed",
    "42",
  ]);
  assert.ok(!existsSync(join(dir, "nothing")));
});
