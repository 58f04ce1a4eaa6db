import { test } from "node:test";
import assert from "node:assert/strict";
import { closest, didYouMean } from "./_suggest.ts";

test("closest() suggests near words only", () => {
  assert.equal(closest("imp", ["impl", "case"]), "impl");
  assert.equal(closest("feature", ["features", "policy"]), "features");
  assert.equal(closest("zzzzzz", ["impl", "case"]), null);
  assert.equal(didYouMean("mtm", ["mitm", "strip"]), ': did you mean "mitm"?');
  assert.equal(didYouMean("zzzzzz", ["mitm"]), "");
});
