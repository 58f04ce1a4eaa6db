import { test } from "node:test";
import assert from "node:assert/strict";
import type { Case } from "./case.ts";
import { globToRegExp, parseShard, selectCases } from "./select.ts";
import { parseExpectations } from "./expect.ts";
import { splitCommand } from "../src/cli/conformance.ts";

const mk = (id: string, level: "MUST" | "SHOULD", tags: string[]): Case => ({
  id,
  level,
  tags,
  clause: "§2.2 V1",
  title: id,
  requirement: "A requirement sentence long enough",
  run: async () => {},
});
const all = [
  mk("verify.a", "MUST", ["verify"]),
  mk("verify.b", "SHOULD", ["verify"]),
  mk("policy.c", "MUST", ["policy"]),
  mk("media.d", "MUST", ["media", "e2ee"]),
];

test("selectCases() filters by glob and tag, runs SHOULD cases only with strict, and orders by id", () => {
  assert.deepEqual(selectCases(all, { globs: [], tags: [], strict: false, shard: null }).map((c) => c.id), [
    "media.d",
    "policy.c",
    "verify.a",
  ]);
  assert.deepEqual(selectCases(all, { globs: ["verify.*"], tags: [], strict: true, shard: null }).map((c) => c.id), [
    "verify.a",
    "verify.b",
  ]);
  assert.deepEqual(selectCases(all, { globs: [], tags: ["e2ee"], strict: false, shard: null }).map((c) => c.id), [
    "media.d",
  ]);
  assert.deepEqual(selectCases(all, { globs: ["nothing*"], tags: [], strict: true, shard: null }), []);
});

test("selectCases() shards split the selection without overlap or loss", () => {
  const sel = (i: number) =>
    selectCases(all, { globs: [], tags: [], strict: true, shard: { index: i, count: 2 } }).map((c) => c.id);
  const union = [...sel(1), ...sel(2)].sort();
  assert.deepEqual(union, all.map((c) => c.id).sort());
  assert.equal(sel(1).filter((id) => sel(2).includes(id)).length, 0);
});

test("globToRegExp() treats regex metacharacters literally", () => {
  assert.ok(globToRegExp("verify.*").test("verify.mitm-differs"));
  assert.ok(!globToRegExp("verify.*").test("verifyXmitm"));
  assert.ok(globToRegExp("a?c").test("abc"));
});

test("parseShard() accepts i/n and refuses out-of-range or malformed shards", () => {
  assert.deepEqual(parseShard("2/3"), { index: 2, count: 3 });
  for (const bad of ["0/2", "3/2", "1/0", "x", "1/2/3"]) assert.throws(() => parseShard(bad), RangeError);
});

test("parseExpectations() reads known failures and refuses malformed files with stable codes", () => {
  assert.deepEqual([...parseExpectations('{"version":1,"failures":{"a.b":"why"}}')], [["a.b", "why"]]);
  assert.throws(() => parseExpectations("{"), { code: "PROTO_PARSE" });
  assert.throws(() => parseExpectations('{"version":2,"failures":{}}'), { code: "POLICY_INVALID" });
  assert.throws(() => parseExpectations('{"version":1,"failures":{"a.b":""}}'), { code: "POLICY_INVALID" });
});

test("splitCommand() splits on whitespace and honours quotes and escapes", () => {
  assert.deepEqual(splitCommand(`node "my adapter.mjs" --x 'a b' c\\ d ""`), [
    "node",
    "my adapter.mjs",
    "--x",
    "a b",
    "c d",
    "",
  ]);
  assert.throws(() => splitCommand(`node "open`), RangeError);
});

test("clauseRules() expands ranges; parseClause() matches rules, ranges and sections and refuses other forms", async () => {
  const { clauseRules, parseClause } = await import("./select.ts");
  assert.deepEqual(clauseRules("§2.4 F1–F3"), ["F1", "F2", "F3"]);
  assert.deepEqual(clauseRules("§8.1 RF7"), ["RF7"]);
  assert.ok(parseClause("V2")("§2.2 V2"));
  assert.ok(!parseClause("V2")("§2.2 V20"));
  assert.ok(parseClause("F1-F10")("§2.4 F10"));
  assert.ok(parseClause("F5")("§2.4 F1–F9"), "a rule inside a case's range");
  assert.ok(parseClause("§2.4")("§2.4 F1") && parseClause("2.4")("§2.4 F1"));
  assert.ok(!parseClause("§2.4")("§2.45 X1"));
  for (const bad of ["F1-G3", "F9-F1", "*", "V"]) assert.throws(() => parseClause(bad), RangeError, bad);
});

test("selectCases() with --skip, --clause and an id list: kinds all hold, --skip removes", async () => {
  const { checkSelectors } = await import("./select.ts");
  const sel = (o: Partial<Parameters<typeof selectCases>[1]>) =>
    selectCases(all, { globs: [], tags: [], strict: true, shard: null, ...o }).map((c) => c.id);
  assert.deepEqual(sel({ skip: ["verify.*"] }), ["media.d", "policy.c"]);
  assert.deepEqual(sel({ clauses: ["V1"], tags: ["verify"] }), ["verify.a", "verify.b"]);
  assert.deepEqual(sel({ ids: new Set(["policy.c", "verify.b"]), globs: ["verify.*"] }), ["verify.b"]);
  const hint = (w: string, known: string[]) => (known.includes(`${w}s`) ? `: did you mean "${w}s"?` : "");
  assert.equal(checkSelectors(all, { globs: ["verify.*"], tags: ["e2ee"], skip: [], clauses: ["V1"] }, hint), null);
  assert.match(
    checkSelectors(all, { globs: ["verify.*", "nope.*"], tags: [], skip: [], clauses: [] }, hint) ?? "",
    /--case "nope\.\*" matches no case/,
  );
  assert.match(
    checkSelectors(all, { globs: [], tags: [], skip: ["nope"], clauses: [] }, hint) ?? "",
    /--skip "nope" matches no case/,
  );
  assert.match(
    checkSelectors(all, { globs: [], tags: ["polic"], skip: [], clauses: [] }, hint) ?? "",
    /Unknown tag "polic"/,
  );
  assert.match(
    checkSelectors(all, { globs: [], tags: [], skip: [], clauses: ["V9"] }, hint) ?? "",
    /--clause "V9" matches no case \(cases cite V1\)/,
  );
});

test("--clause CC6 selects the cases that carry CC6 as a rule-id tag (as --list-tags lists it)", async () => {
  const { checkSelectors } = await import("./select.ts");
  const cc = [...all, { ...mk("feature.park", "MUST", ["features", "F5", "CC6"]), clause: "§2.4 F5" }];
  const sel = (clauses: string[]) =>
    selectCases(cc, { globs: [], tags: [], strict: false, shard: null, clauses }).map((c) => c.id);
  assert.deepEqual(sel(["CC6"]), ["feature.park"]);
  assert.deepEqual(sel(["CC5-CC7"]), ["feature.park"]);
  assert.equal(checkSelectors(cc, { globs: [], tags: [], skip: [], clauses: ["CC6"] }, () => ""), null);
  assert.match(
    checkSelectors(cc, { globs: [], tags: [], skip: [], clauses: ["CC9"] }, () => "") ?? "",
    /matches no case \(cases cite CC6, F5, V1\)/,
  );
});

test("todoExpectations() finds the reasons --write-expect left as TODO", async () => {
  const { todoExpectations, REASON_PLACEHOLDER } = await import("./expect.ts");
  const exp = parseExpectations(
    JSON.stringify({ version: 1, failures: { "a.b": `${REASON_PLACEHOLDER} (fail: x)`, "c.d": "upstream bug 12" } }),
  );
  assert.deepEqual(todoExpectations(exp), ["a.b"]);
});
