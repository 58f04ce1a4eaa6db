import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ALL_CASES } from "./index.ts";
import { lintCases } from "../select.ts";

const dir = fileURLToPath(new URL(".", import.meta.url));

test("cases/index.ts imports every case file under conformance/cases", () => {
  const index = readFileSync(join(dir, "index.ts"), "utf8");
  const files = (readdirSync(dir, { recursive: true }) as string[])
    .map(String)
    .filter((f) =>
      f.endsWith(".ts") && !f.endsWith("_test.ts") && f !== "index.ts" && !f.split(/[\\/]/).pop()!.startsWith("_")
    );
  const missing = files.filter((f) => !index.includes(`"./${f.replaceAll("\\", "/")}"`));
  assert.deepEqual(missing, []);
});

test("every case has a stable dotted id, a SPEC clause, requirement text and tags", () => {
  assert.deepEqual(lintCases(ALL_CASES), []);
});

test("lintCases() catches a duplicate id and a missing clause", () => {
  const c = ALL_CASES[0]!;
  const problems = lintCases([c, { ...c }, { ...c, id: "x.y-z", clause: "none" }]);
  assert.ok(problems.some((p) => p.includes("used twice")));
  assert.ok(problems.some((p) => p.includes("no SPEC clause")));
});
