/**
 * Strict flags on every subcommand: an unknown option, a missing value and a value of the wrong type are refused with
 * exit 2, one line and a hint, before anything starts. Runs `main()` in this process: each of these ends before any
 * service, adapter or call starts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { COMMANDS } from "./commands.ts";
import { runMain } from "./_testing/capture.ts";

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
  const none = await runMain(["admin"]);
  assert.equal(none.code, 2);
  assert.match(none.err, /^shieldcall admin: Missing <command>/);
});

test("top level: no command, an unknown command, --version, help and the completion script", async () => {
  const none = await runMain([]);
  assert.equal(none.code, 2);
  assert.match(none.err, /^shieldcall: name a command/);
  const r = await runMain(["conformace"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /Unknown command "conformace": did you mean "conformance"/);
  const v = await runMain(["--version"]);
  assert.equal(v.code, 0);
  assert.match(v.out, /^\d+\.\d+\.\d+/);
  const h = await runMain(["help"]);
  assert.equal(h.code, 0);
  for (const c of COMMANDS) assert.ok(h.out.includes(`shieldcall ${c.name}`), `lists ${c.name}`);
  const comp = await runMain(["completion"]);
  assert.equal(comp.code, 0);
  assert.match(comp.out, /--get-yargs-completions/);
  const words = await runMain(["--get-yargs-completions", "conf"]);
  assert.match(words.out, /^conformance$/m);
});

test("every command's options are kebab-case, described, and a default fits the option's type and choices", () => {
  for (const c of COMMANDS) {
    for (const [name, o] of Object.entries(c.options)) {
      assert.match(name, /^[a-z][a-z0-9-]*$/, `${c.name} --${name}`);
      assert.ok(o.describe.length > 0, `${c.name} --${name} is described`);
      if (o.default === undefined) continue;
      const t = o.type === "integer" ? "number" : o.type;
      assert.equal(typeof o.default, t, `${c.name} --${name} default`);
      if (o.choices) assert.ok(o.choices.includes(String(o.default)), `${c.name} --${name} default in choices`);
      if (o.check && typeof o.default !== "boolean") assert.equal(o.check(o.default), null, `${c.name} --${name}`);
    }
  }
});

test("conformance --imp (a typo of --impl) is a usage error with the hint, not a run against the reference", async () => {
  const r = await runMain(["conformance", "--imp", "node my-adapter.mjs"]);
  assert.equal(r.code, 2);
  assert.match(r.err, /Unknown option --imp: did you mean --impl\?/);
  assert.equal(r.out, "", "nothing ran");
});
