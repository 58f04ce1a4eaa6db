/**
 * Strict flags (issue: "a typo in a flag becomes a green run"): every subcommand refuses an unknown option, a missing
 * value and a value of the wrong type with exit 2, one line and a hint, before it starts anything. Runs `main()` in
 * this process: each of these ends before any service, adapter or call starts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { COMMANDS } from "../cli.ts";
import { closest, parseCommand } from "./flags.ts";
import type { CommandSpec } from "./flags.ts";
import { runMain } from "./_testing/capture.ts";

const spec: CommandSpec = {
  name: "x",
  summary: "test",
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

test("parseCommand() returns camelCase values, repeats into arrays, --no-x for switches, --x=v and negative numbers", () => {
  const r = parseCommand(spec, [
    "--impl=node a.mjs",
    "--tag",
    "a",
    "--tag",
    "b",
    "--no-e2ee",
    "--ring-timeout",
    "2.5",
    "--jobs",
    "3",
  ]);
  assert.equal(r.kind, "args");
  if (r.kind !== "args") return;
  assert.equal(r.args.impl, "node a.mjs");
  assert.deepEqual(r.args.tag, ["a", "b"]);
  assert.equal(r.args.e2ee, false);
  assert.equal(r.args.ringTimeout, 2.5);
  assert.equal(r.args.jobs, 3);
  assert.ok(r.args.$given.has("e2ee") && !r.args.$given.has("mode"));
  const neg = parseCommand(spec, ["--ring-timeout", "-1"]);
  assert.equal(neg.kind, "error");
  assert.match(neg.kind === "error" ? neg.message : "", /--ring-timeout: expected a positive number/);
});

test("parseCommand() refuses unknown options, missing values, wrong types, bad choices, repeats and extra arguments", () => {
  const cases: [string[], RegExp][] = [
    [["--imp", "x"], /^Unknown option --imp: did you mean --impl\?$/],
    [["--impl"], /^Option --impl needs a value/],
    [["--impl", "--jobs", "2"], /^Option --impl needs a value/],
    [["--jobs", "abc"], /expects a number, got "abc"/],
    [["--jobs", "1.5"], /expects a whole number/],
    [["--mode", "mtm"], /must be one of mitm, strip; got "mtm": did you mean "mitm"\?/],
    [["--impl", "a", "--impl", "b"], /given twice/],
    [["stray"], /^Unexpected argument "stray"$/],
    [["-x"], /^Unknown option -x/],
    [["--e2ee=maybe"], /is a switch/],
    [["--no-impl"], /^Unknown option --no-impl/],
  ];
  for (const [argv, re] of cases) {
    const r = parseCommand(spec, argv);
    assert.equal(r.kind, "error", argv.join(" "));
    assert.match(r.kind === "error" ? r.message : "", re, argv.join(" "));
  }
});

test("closest() suggests near words only", () => {
  assert.equal(closest("imp", ["impl", "case"]), "impl");
  assert.equal(closest("feature", ["features", "policy"]), "features");
  assert.equal(closest("zzzzzz", ["impl", "case"]), null);
});

test("every subcommand: an unknown option exits 2 with one line naming it and a hint, and --help exits 0", async () => {
  for (const c of COMMANDS) {
    const r = await runMain([c.name, "--definitely-not-an-option"]);
    assert.equal(r.code, 2, `${c.name}: ${r.err}`);
    assert.equal(r.err.trim().split("\n").length, 1, `${c.name}: one line: ${r.err}`);
    assert.match(
      r.err,
      new RegExp(`^shieldcall ${c.name}: Unknown option --definitely-not-an-option.*shieldcall ${c.name} --help`),
    );
    const h = await runMain([c.name, "--help"]);
    assert.equal(h.code, 0, c.name);
    for (const o of Object.keys(c.options)) assert.ok(h.out.includes(`--${o}`), `${c.name} --help lists --${o}`);
  }
});

test("conformance --imp (the issue's typo) is a usage error with the hint, not a run against the reference", async () => {
  const r = await runMain(["conformance", "--imp", "node my-adapter.mjs"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /Unknown option --imp: did you mean --impl\?/);
  assert.equal(r.out, "", "nothing ran");
});

test("call: --duration 0, -1 and abc, an unknown feature and an unknown mode exit 2 before any call", async () => {
  for (
    const [argv, re] of [
      [["--duration", "0"], /--duration: expected a positive number/],
      [["--duration", "-1"], /--duration: expected a positive number/],
      [["--duration", "abc"], /--duration expects a number/],
      [
        ["--feature", "transfer"],
        /--feature must be one of recording, .*transfer-blind.*; got "transfer": did you mean/,
      ],
      [["--adversary", "mtm"], /did you mean "mitm"/],
      [["--as", "alice"], /--as and --to go together/],
      [["--as", "alice", "--to", "bob"], /give --service URL/],
    ] as [string[], RegExp][]
  ) {
    const r = await runMain(["call", ...argv]);
    assert.equal(r.code, 2, `${argv.join(" ")}: ${r.err}`);
    assert.match(r.err, re, argv.join(" "));
    // Before any call: a call prints its topology and per-side lines on stdout; a refusal prints nothing there.
    assert.equal(r.out, "", `${argv.join(" ")}: refused before any call`);
  }
});

test("admin --help lists every admin command; a misspelt admin command and an extra argument exit 2", async () => {
  const { ADMIN_COMMANDS } = await import("./admin.ts");
  const h = await runMain(["admin", "--help"]);
  assert.equal(h.code, 0);
  for (const c of Object.values(ADMIN_COMMANDS)) assert.ok(h.out.includes(c.usage), `lists "${c.usage}"`);
  const typo = await runMain(["admin", "tenant", "crate", "x"]);
  assert.equal(typo.code, 2);
  assert.match(typo.err, /did you mean "tenant create"/);
  const extra = await runMain(["admin", "tenant", "create", "contoso", "Contoso", "Ltd"]);
  assert.equal(extra.code, 2);
  assert.match(extra.err, /Unexpected argument "Ltd"/);
});

test("top level: no command, an unknown command and --version", async () => {
  assert.equal((await runMain([])).code, 2);
  const r = await runMain(["conformace"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /did you mean "conformance"/);
  const v = await runMain(["--version"]);
  assert.equal(v.code, 0);
  assert.match(v.out, /^\d+\.\d+\.\d+/);
});
