/** Every adversary mode carries its SPEC §8 required outcome, and seeded modes name the outcome of each seed. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ERROR_CODES } from "../../errors.ts";
import { ADVERSARY_MODULES, outcomeCases } from "./mod.ts";
import type { SideRule } from "./outcome.ts";

const rules = new Set(["e2ee", "none", "ended", "any"]);
const valid = (r: SideRule) =>
  typeof r === "string" ? rules.has(r) : Object.hasOwn(ERROR_CODES, r.ends) && [undefined, "allowed"].includes(r.shown);

test("every registered adversary mode has a required outcome the CLI and the cases can judge", () => {
  for (const m of ADVERSARY_MODULES) {
    const o = m.outcome;
    assert.ok(o && o.text.length > 10, `${m.mode}: outcome text`);
    assert.ok(o.anyOf.length >= 1, `${m.mode}: at least one outcome case`);
    for (const c of o.anyOf) {
      assert.ok(valid(c.caller) && valid(c.callee), `${m.mode}: side rules`);
      if (c.numbers) assert.ok(c.caller === "e2ee" && c.callee === "e2ee", `${m.mode}: numbers need both e2ee`);
      // Something is required of at least one side: no mode's outcome is "anything goes".
      assert.ok(c.caller !== "any" || c.callee !== "any", `${m.mode}: no requirement`);
      if (o.anyOf.length > 1) assert.ok(c.when, `${m.mode}: each of several cases says when it applies`);
    }
    for (const seed of [0, 1, 2, 3, 4294967295]) {
      assert.equal(outcomeCases(o, seed).length, o.pick ? 1 : o.anyOf.length, `${m.mode}: seed ${seed}`);
    }
  }
});

test("directional modes act toward the caller on even seeds and toward the callee on odd seeds", () => {
  for (const mode of ["confirm-reflect", "confirm-replay", "confirm-duplicate", "confirm-malformed"]) {
    const o = ADVERSARY_MODULES.find((m) => m.mode === mode)!.outcome;
    assert.equal(typeof outcomeCases(o, 2)[0]!.caller, "object", `${mode}: even → the caller ends`);
    assert.equal(typeof outcomeCases(o, 3)[0]!.callee, "object", `${mode}: odd → the callee ends`);
  }
});
