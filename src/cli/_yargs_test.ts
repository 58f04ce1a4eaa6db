/**
 * The yargs front (src/cli/_yargs.ts) on a small command: camelCase values, repeats, switches and negative numbers,
 * and every usage error as one line in our words.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCli } from "./_yargs.ts";
import type { CommandSpec } from "./_yargs.ts";

const spec: CommandSpec = {
  name: "x",
  summary: "test",
  positionals: [{ name: "action", describe: "", choices: ["generate", "verify"] }],
  options: {
    impl: { type: "string", describe: "" },
    jobs: { type: "integer", describe: "" },
    "ring-timeout": {
      type: "number",
      default: 30,
      describe: "",
      check: (v) => (Number(v) > 0 ? null : "expected a positive number"),
    },
    e2ee: { type: "boolean", default: true, describe: "" },
    tag: { type: "string", array: true, describe: "" },
    mode: { type: "string", choices: ["mitm", "strip"], describe: "" },
  },
  run: async () => 0,
};
const parse = (argv: string[]) => parseCli([spec], ["x", ...argv], "1.2.3");

test("parseCli() returns camelCase values, repeats into arrays, --no-x for switches, --x=v and negative numbers", async () => {
  const r = await parse(["--impl=node a.mjs", "--tag", "a", "--tag", "b", "--no-e2ee", "--ring-timeout", "2.5"]);
  assert.equal(r.kind, "run");
  if (r.kind !== "run") return;
  assert.equal(r.args.impl, "node a.mjs");
  assert.deepEqual(r.args.tag, ["a", "b"]);
  assert.equal(r.args.e2ee, false);
  assert.equal(r.args.ringTimeout, 2.5);
  assert.ok(r.args.$given.has("e2ee") && !r.args.$given.has("mode"));
  const d = await parse(["--jobs", "3"]);
  assert.ok(d.kind === "run" && d.args.jobs === 3 && d.args.ringTimeout === 30 && d.args.e2ee === true);
  assert.deepEqual(d.kind === "run" ? d.args.tag : null, []);
  const neg = await parse(["--ring-timeout", "-1"]);
  assert.equal(neg.kind, "error");
  assert.match(neg.kind === "error" ? neg.message : "", /--ring-timeout: expected a positive number/);
});

test("parseCli() refuses unknown options, missing values, wrong types, bad choices, repeats and extra arguments", async () => {
  const cases: [string[], RegExp][] = [
    [["--imp", "x"], /^Unknown option --imp: did you mean --impl\?$/],
    [["--impl"], /^Option --impl needs a value/],
    [["--impl", "--jobs", "2"], /^Option --impl needs a value/],
    [["--jobs", "abc"], /expects a number, got "abc"/],
    [["--jobs", "1.5"], /expects a whole number/],
    [["--mode", "mtm"], /must be one of mitm, strip; got "mtm": did you mean "mitm"\?/],
    [["--impl", "a", "--impl", "b"], /given twice/],
    [["verify", "stray"], /^Unexpected argument "stray"$/],
    [["verfy"], /^<action> must be one of generate, verify; got "verfy": did you mean "verify"\?/],
    [["-x"], /^Unknown option -x/],
    [["--e2ee=maybe"], /is a switch/],
    [["--no-impl"], /^Unknown option --no-impl/],
  ];
  for (const [argv, re] of cases) {
    const r = await parse(argv);
    assert.equal(r.kind, "error", argv.join(" "));
    assert.match(r.kind === "error" ? r.message : "", re, argv.join(" "));
  }
});

test("parseCli(): help, version and the completion script are text to print; no command is an error", async () => {
  const h = await parse(["--help"]);
  assert.ok(h.kind === "print" && h.text.includes("--ring-timeout") && h.text.includes("--no-e2ee turns it off"));
  const v = await parseCli([spec], ["--version"], "1.2.3");
  assert.deepEqual(v, { kind: "print", text: "1.2.3" });
  const c = await parseCli([spec], ["completion"], "1.2.3");
  assert.ok(c.kind === "print" && c.text.includes("shieldcall") && c.text.includes("--get-yargs-completions"));
  const words = await parseCli([spec], ["--get-yargs-completions", "x", "--ri"], "1.2.3");
  assert.ok(words.kind === "print" && words.text.includes("--ring-timeout"), JSON.stringify(words));
  const none = await parseCli([spec], [], "1.2.3");
  assert.deepEqual(none, { kind: "error", command: null, message: "name a command" });
});
