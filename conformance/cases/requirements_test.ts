/**
 * SPEC §12.1: a case's `requirement` is the sentence of SPEC.md the case checks. This lint keeps them equal: every
 * requirement occurs in SPEC.md, compared after folding line breaks and runs of spaces and dropping Markdown code
 * and bold marks (`…`, **…**), so a SPEC edit that changes a checked sentence fails here until the cases follow.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ALL_CASES } from "./index.ts";

/** SPEC text and requirements in one comparable form. */
export function fold(s: string): string {
  return s.replace(/`|\*\*/g, "").replace(/\s+/g, " ").trim();
}

/** Case ids whose requirement is not a sentence of `spec`. */
export function drifted(spec: string, cases: { id: string; requirement: string }[]): string[] {
  const text = fold(spec.split("\n").map((l) => l.replace(/^\s*[-|]\s*/, " ")).join("\n"));
  return cases.filter((c) => !text.includes(fold(c.requirement))).map((c) => c.id);
}

test("Every case's requirement is a sentence of SPEC.md", () => {
  const spec = readFileSync(new URL("../../SPEC.md", import.meta.url), "utf8");
  const bad = drifted(spec, ALL_CASES);
  assert.deepEqual(bad.map((id) => `${id}: ${ALL_CASES.find((c) => c.id === id)!.requirement}`), []);
});

test("The lint catches a requirement that drifted from SPEC.md", () => {
  const spec =
    "- **V4.** The caller MUST commit before it reveals (§5.2); a reveal that does not match the\n  commitment MUST end the call.";
  assert.deepEqual(
    drifted(spec, [
      {
        id: "ok",
        requirement:
          "The caller MUST commit before it reveals (§5.2); a reveal that does not match the commitment MUST end the call.",
      },
      { id: "drift", requirement: "The caller MUST commit before it reveals." + " A reveal must match." },
    ]),
    ["drift"],
  );
});
