/**
 * The kill proof of the web client's SFrame mutants (SPEC §12.7, §13.12; src/web/mutants.ts): for each mutant,
 * `shieldcall conformance --impl "<web-peer --stdio --mutant ID>" --case <its first killer> --jobs 1` must give the
 * verdict `fail` — the case's own assertion, with an expected and an actual value, never a precondition failure, a
 * timeout or a crash (such a run proves nothing and runs again, at most twice) — and one run of every killer case
 * together against the clean web client (`--impl web`) must pass (a case that did not pass runs once more alone). Each
 * mutant runs one case only, so that the proof stays cheap enough for `npm test`.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { selfCommand } from "../src/driver/mod.ts";
import { runCommand } from "../src/_testing/child.ts";
import { findChromium } from "../src/web/host/chromium.ts";
import { WEB_MUTANTS } from "../src/web/mutants.ts";
import { ALL_CASES } from "./cases/index.ts";
import { again } from "./again.ts";
import { isKill } from "./killcoverage.ts";
import type { CaseResult, RunResult } from "./results.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
/**
 * Skipped where Chromium is missing, and on Deno: each check runs `shieldcall conformance` in a child process, the
 * same program whichever runtime runs this file, and Deno's node:test runs the tests one at a time (twice as long).
 */
const skip = !findChromium()
  ? "chromium is not installed (apt-get install chromium)"
  : "Deno" in globalThis
  ? "the kill proof runs the CLI in child processes, the same on either runtime; Node runs it in the same npm test"
  : false;
const quote = (argv: string[]) => argv.map((a) => `"${a}"`).join(" ");

/** Runs the selection against `impl`; resolves with the exit code and the JSON report's cases. */
async function conformance(impl: string, cases: string[], report: string) {
  const r = await runCommand([
    ...selfCommand(),
    "conformance",
    "--impl",
    impl,
    ...cases.flatMap((c) => ["--case", c]),
    "--jobs",
    "1",
    "--report",
    `json:${report}`,
  ], { cwd: root, timeoutMs: 150_000 });
  let run: RunResult | undefined;
  try {
    run = JSON.parse(readFileSync(report, "utf8")) as RunResult;
  } catch {
    // no report: the assertion below prints the output
  }
  return { code: r.code, out: (r.stdout + r.stderr).slice(-3000), cases: run?.cases ?? [] };
}

/** Verdicts of a run that neither kills nor spares the mutant: its check never ran. */
const PROVES_NOTHING: readonly string[] = ["precondition-failed", "timeout", "crash", "adapter-error"];

const brief = (c: CaseResult | undefined) =>
  c ? `${c.verdict}: ${c.reason} (expected ${JSON.stringify(c.expected)}, actual ${JSON.stringify(c.actual)})` : "-";

test("every web mutant names existing sframe cases as killers, and ids are unique", () => {
  const ids = new Set(ALL_CASES.map((c) => c.id));
  assert.equal(new Set(WEB_MUTANTS.map((m) => m.id)).size, WEB_MUTANTS.length);
  for (const m of WEB_MUTANTS) {
    assert.ok(m.killers.length > 0 && /^§\d+\.\d+$/.test(m.clause), m.id);
    for (const k of m.killers) {
      assert.ok(ids.has(k), `${m.id}: no case "${k}"`);
      assert.equal(ALL_CASES.find((c) => c.id === k)!.profile, "sframe", `${m.id}: "${k}" is not an sframe case`);
    }
  }
});

test("every sframe case is named as a killer by some web mutant (README: each of them kills at least one)", () => {
  const named = new Set(WEB_MUTANTS.flatMap((m) => m.killers as readonly string[]));
  const sframe = ALL_CASES.filter((c) => c.profile === "sframe").map((c) => c.id);
  assert.ok(sframe.length >= 32, `${sframe.length} sframe cases`);
  assert.deepEqual(sframe.filter((id) => !named.has(id)), []);
});

test("web-peer --mutant with an unknown id exits 2 and lists the mutants", async () => {
  const r = await runCommand([...selfCommand(), "web-peer", "--stdio", "--mutant", "no-such-mutant"], {
    cwd: root,
    timeoutMs: 30_000,
  });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /unknown mutant "no-such-mutant"; known: sframe-nonce-reuse, /);
});

describe("the web client's SFrame mutants against their killer cases", {
  skip,
  timeout: 900_000,
  // two conformance runs at a time (each its own service and Chromium): the clean run beside the first mutants
  concurrency: 2,
}, () => {
  const dir = mkdtempSync(join(tmpdir(), "shieldcall-web-mutants-"));
  const killers = [...new Set(WEB_MUTANTS.map((m) => m.killers[0]))];
  after(() => rmSync(dir, { recursive: true, force: true }));

  test(`the clean web client passes every killer case (${killers.length})`, async () => {
    const r = await conformance("web", killers, join(dir, "clean.json"));
    assert.deepEqual(r.cases.map((c) => c.id).sort(), [...killers].sort(), r.out);
    // timing-sensitive WebRTC under load: a clean case that did not pass runs once more alone; it must pass then
    const notPassed = r.cases.filter((c) => c.verdict !== "pass");
    for (const c of notPassed) console.error(`clean web client: ${c.id}: ${brief(c)}; running it once more`);
    const again = notPassed.length ? await conformance("web", notPassed.map((c) => c.id), join(dir, "again.json")) : r;
    assert.deepEqual(
      (notPassed.length ? again.cases : r.cases).filter((c) => c.verdict !== "pass").map((c) => `${c.id}: ${brief(c)}`),
      [],
      again.out,
    );
    assert.equal(again.code, 0, again.out);
  });

  for (const m of WEB_MUTANTS) {
    const killer = m.killers[0];
    test(`${m.id} fails ${killer} on the case's own assertion`, async () => {
      const impl = quote([...selfCommand(), "web-peer", "--stdio", "--mutant", m.id]);
      // a run whose set-up failed, that timed out or crashed proves nothing either way (SPEC §12.7): again, at most
      // twice
      const { last: r } = await again(
        (rerun) => conformance(impl, [killer], join(dir, `${m.id}-${rerun}.json`)),
        (x) => PROVES_NOTHING.includes(x.cases.find((y) => y.id === killer)?.verdict ?? ""),
        2,
        (x, rerun) =>
          console.error(
            `${m.id}: ${brief(x.cases.find((y) => y.id === killer))}; running ${killer} again (${rerun} of 2)`,
          ),
      );
      const c = r.cases.find((x) => x.id === killer);
      assert.equal(c?.verdict, "fail", `${m.id} against ${killer}: ${brief(c)}\n${r.out}`);
      assert.ok(isKill(c!), `SPEC §12.7: a fail of the case's own assertion (expected and actual): ${brief(c)}`);
      assert.equal(r.code, 1, r.out);
    });
  }
});
