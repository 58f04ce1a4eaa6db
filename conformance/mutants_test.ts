/**
 * The kill matrix's rules (SPEC §12.7) with an injected case runner: only a failed assertion kills; timeouts,
 * crashes, adapter errors and harness errors never do; --kill-all lists every MUST case that kills no mutant and
 * accepts it only with a reviewed reason; the reviewed list names real cases.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Case } from "./case.ts";
import { isKill } from "./killcoverage.ts";
import { KILL_REVIEWED } from "./kill_reviewed.ts";
import { runKillMatrix } from "./mutants.ts";
import type { CaseOutcome, KillOptions } from "./mutants.ts";
import { reportKillMatrix } from "./reporters/killmatrix.ts";
import { ALL_CASES as CASES } from "./cases/index.ts";

const mk = (id: string, level: "MUST" | "SHOULD" = "MUST"): Case => ({
  id,
  clause: "§2.2 V2",
  level,
  title: id,
  requirement: "r",
  tags: [],
  run: async () => {},
});
const fail: CaseOutcome = { verdict: "fail", reason: "differs", expected: "a", actual: "b" };
const pass: CaseOutcome = { verdict: "pass", reason: null };

function opts(
  table: Record<string, Record<string, CaseOutcome>>,
  cases: Case[],
  more: Partial<KillOptions> = {},
): KillOptions {
  return {
    mutants: Object.keys(table).map((id) => ({ id, clause: "§2.2 V2", description: id, hints: [] })),
    cases,
    mutantCommand: (id) => [id],
    refCommand: ["ref"],
    service: null as never,
    jobs: 1,
    timeoutS: 1,
    cleanFailed: [],
    reviewed: {},
    runCase: async (c, cmd) => table[cmd[0]!]?.[c.id] ?? pass,
    ...more,
  };
}

describe("kill matrix rules", () => {
  test("Only a failed assertion is a kill", () => {
    assert.equal(isKill(fail), true);
    assert.equal(isKill({ verdict: "fail", reason: "x", actual: null }), true);
    for (const v of ["timeout", "crash", "adapter-error", "skip", "pass", "info"] as const) {
      assert.equal(isKill({ verdict: v, expected: 1, actual: 2 }), false, v);
    }
    assert.equal(isKill({ verdict: "fail" }), false, "a harness error (no expected/actual) is not a kill");
  });

  test("A mutant that only times out or crashes survives", async () => {
    const cases = [mk("a"), mk("b"), mk("c")];
    const k = await runKillMatrix(opts({
      flaky: {
        a: { verdict: "timeout", reason: "slow" },
        b: { verdict: "crash", reason: "exit" },
        c: { verdict: "fail", reason: "harness" },
      },
      real: { b: fail },
    }, cases));
    assert.deepEqual(k.mutants.map((m) => [m.id, m.killedBy, m.survived]), [["flaky", [], true], [
      "real",
      ["b"],
      false,
    ]]);
    assert.equal(k.ok, false);
    assert.equal(k.coverage, undefined, "the first-kill run has no case side");
  });

  test("--kill-all runs every case and lists each MUST case that kills nothing, with or without a reviewed reason", async () => {
    const cases = [mk("a"), mk("b"), mk("guard"), mk("lazy"), mk("should", "SHOULD")];
    const table = {
      m1: { a: fail, b: fail },
      m2: { b: fail, lazy: { verdict: "timeout", reason: "slow" } as CaseOutcome },
    };
    const k = await runKillMatrix(
      opts(table, cases, { killsNeeded: Infinity, reviewed: { guard: "guards the harness", a: "stale" } }),
    );
    assert.deepEqual(k.mutants.map((m) => m.killedBy), [["a", "b"], ["b"]]);
    assert.deepEqual(k.coverage!.unkilling, [{ id: "guard", reason: "guards the harness" }, {
      id: "lazy",
      reason: null,
    }]);
    assert.deepEqual(k.coverage!.staleReviewed, ["a"]);
    assert.equal(k.ok, false, "a MUST case with no kill and no reason fails the matrix");
    const text = reportKillMatrix(k);
    assert.match(text, /no reviewed reason \(1\):\n {2}lazy/);
    assert.match(text, /guard: guards the harness/);
    assert.match(text, /lazy: m2 \(timeout\)/);
    assert.match(text, /Stale reviewed entries.*: a/);
    const ok = await runKillMatrix(
      opts(table, cases.filter((c) => c.id !== "lazy"), {
        killsNeeded: Infinity,
        reviewed: { guard: "guards the harness" },
      }),
    );
    assert.equal(ok.ok, true);
  });

  test("Every reviewed entry names a case of the catalogue and gives a reason", () => {
    const ids = new Set(CASES.map((c) => c.id));
    for (const [id, why] of Object.entries(KILL_REVIEWED)) {
      assert.ok(ids.has(id), `reviewed entry "${id}" names no case`);
      assert.ok(why.length >= 40, `reviewed entry "${id}" needs a real reason`);
    }
  });
  test("A service that dies during a case is restarted and the case run again; without a restart the run errors", async () => {
    const cases = [mk("a"), mk("b")];
    const svc = (name: string, dies: boolean) => {
      let up = true;
      return {
        name,
        alive: () => up,
        log: () => `${name} log`,
        kill: () => {
          up = !dies;
        },
      };
    };
    const first = svc("first", true);
    const started: string[] = [];
    const seen: string[] = [];
    let current = first;
    const lines: string[] = [];
    const k = await runKillMatrix(opts({}, cases, {
      service: first as never,
      killsNeeded: Infinity,
      runCase: async (c) => {
        seen.push(`${c.id}@${current.name}`);
        if (c.id === "a" && current === first) {
          first.kill();
          return { verdict: "fail", reason: "service gone" };
        }
        return c.id === "b" ? fail : pass;
      },
      mutants: [{ id: "m", clause: "§2.2 V2", description: "m", hints: [] }],
      restartService: async () => {
        started.push("second");
        current = svc("second", false);
        return current as never;
      },
      onProgress: (l) => lines.push(l),
    }));
    assert.deepEqual(started, ["second"]);
    assert.deepEqual(
      seen,
      ["a@first", "a@second", "b@second"],
      "the case the service died under ran again on the new service",
    );
    assert.deepEqual(k.mutants[0]!.killedBy, ["b"]);
    assert.ok(lines.some((l) => l.includes("service process died during case a") && l.includes("first log")));

    const dead = svc("dead", true);
    const k2 = await runKillMatrix(opts({}, cases, {
      service: dead as never,
      mutants: [{ id: "m", clause: "§2.2 V2", description: "m", hints: [] }],
      runCase: async () => {
        dead.kill();
        return pass;
      },
    }));
    assert.match(k2.mutants[0]!.error ?? "", /service process died during case "a"/);
    assert.equal(k2.ok, false);
  });
});
