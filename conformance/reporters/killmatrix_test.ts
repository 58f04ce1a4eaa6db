import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { reportKillMatrix } from "./killmatrix.ts";
import type { KillMatrix } from "../results.ts";

function matrix(): KillMatrix {
  return {
    mutants: [
      {
        id: "no-commit-check",
        description: "Skips the commitment check on reveal",
        clause: "§2.2 V4",
        killedBy: ["verify.swap-commit", "verify.a", "verify.b", "verify.c", "verify.d"],
        survived: false,
        error: null,
      },
      {
        id: "short-number",
        description: "Shows 16 digits",
        clause: "§2.2 V3",
        killedBy: [],
        survived: true,
        error: null,
      },
      {
        id: "crashy",
        description: "Adapter exits at once",
        clause: "§7",
        killedBy: [],
        survived: false,
        error: "adapter exited: code 1\n\u001b[2J",
      },
    ],
    clean: { failed: [] },
    ok: false,
  };
}

describe("reportKillMatrix()", () => {
  test("reportKillMatrix() prints one row per mutant with clause, kill count, first ids and description", () => {
    const k = matrix();
    const lines = reportKillMatrix(k).split("\n");
    const row = (id: string) => lines.filter((l) => l.startsWith(id + " "));
    const r0 = row("no-commit-check");
    assert.equal(r0.length, 1);
    assert.ok(r0[0].includes("§2.2 V4") && r0[0].includes("5: verify.swap-commit, verify.a, verify.b +2 more"));
    assert.ok(r0[0].endsWith("Skips the commitment check on reveal"));
    assert.ok(!r0[0].includes("verify.c"), "only the first few ids");
    assert.ok(row("short-number")[0].includes("SURVIVED"));
    assert.ok(row("crashy")[0].includes("ERROR: adapter exited: code 1\\n\\x1b[2J"), "error one line, terminal-safe");
    assert.ok(lines.includes("Mutants: 1 killed, 1 survived, 1 errored (of 3)"));
    assert.ok(lines.includes("Clean reference: no case failed"));
    assert.ok(lines.includes("Kill matrix NOT OK"));
  });

  test("reportKillMatrix() aligns columns and reports a failing clean reference", () => {
    const k = matrix();
    k.clean.failed = ["verify.mitm-differs", "opt-in.callee-off"];
    const out = reportKillMatrix(k);
    const lines = out.split("\n");
    const col = (l: string) => l.indexOf("§");
    const rows = lines.filter((l) => /^(no-commit-check|short-number|crashy) /.test(l));
    assert.equal(new Set(rows.map(col)).size, 1, "clause column aligned");
    assert.ok(out.includes("Clean reference: FAILED 2 cases: verify.mitm-differs, opt-in.callee-off"));
  });

  test("reportKillMatrix() says OK only when the matrix is ok", () => {
    const k: KillMatrix = {
      mutants: [{ id: "m", description: "d", clause: "§5", killedBy: ["x.y"], survived: false, error: null }],
      clean: { failed: [] },
      ok: true,
    };
    assert.match(reportKillMatrix(k), /Kill matrix OK: every mutant killed, clean reference passed/);
    assert.match(reportKillMatrix({ mutants: [], clean: { failed: [] }, ok: false }), /no mutant ran/);
  });
});
