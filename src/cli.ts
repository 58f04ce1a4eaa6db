/**
 * `shieldcall` command line: wires each subcommand to its module under src/cli/ (loaded lazily, so `vectors` never
 * loads node-webrtc). Returns the process exit code; bin/shieldcall.js exits with it.
 */
import yargs from "yargs";
import type { Argv } from "yargs";

const ADVERSARY = ["observe", "mitm", "strip", "swap-commit", "anchor", "tamper", "replay", "drop"];

/** Runs the CLI with `argv` (without the runtime and script) and resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const run = (p: Promise<number>) => p.then((c) => { code = c; });
  const cli = yargs(argv)
    .scriptName("shieldcall")
    .usage("$0 <command> [options]\n\nReference peer and conformance suite for end-to-end encrypted 1:1 calls.")
    .command("vectors <action> [file]", "Generate or verify the handshake test vectors (SPEC §5)", (y: Argv) =>
      y.positional("action", { choices: ["generate", "verify"] as const, demandOption: true })
        .positional("file", { type: "string", describe: "vectors file to verify" })
        .option("out", { type: "string", describe: "where `generate` writes", default: "fixtures/vectors/handshake.json" }),
      (a) => run(import("./cli/vectors.ts").then((m) => m.vectorsCommand({ action: a.action as "generate" | "verify", ...(a.file ? { file: a.file } : {}), out: a.out }))))
    .command("serve", "Run the call service: signaling, admin API, transport relay, media processor", (y: Argv) =>
      y.option("port", { type: "number", default: 7443, describe: "TCP port (0 = any free port)" })
        .option("host", { type: "string", default: "127.0.0.1" })
        .option("policy", { type: "string", describe: "declarative policy file (SPEC §3.5)" })
        .option("state", { type: "string", describe: "state file; changes survive a restart" })
        .option("admin-token", { type: "string", describe: "require this bearer token on the admin API" })
        .option("ring-timeout", { type: "number", default: 30, describe: "seconds before an unanswered call ends" }),
      (a) => run(import("./cli/serve.ts").then((m) => m.serveCommand(a as never))))
    .command("admin <args..>", "Drive the admin API (tenants, users, groups, policies, tokens, settings, calls)", (y: Argv) =>
      y.positional("args", { type: "string", array: true })
        .option("url", { type: "string", default: "http://127.0.0.1:7443/admin", describe: "admin API base URL" })
        .option("admin-token", { type: "string" })
        .option("json", { type: "boolean", default: false }),
      (a) => run(import("./cli/admin.ts").then((m) => m.adminCommand(a as never))))
    .command("peer", "Run the reference peer as a driver-protocol adapter (SPEC §7)", (y: Argv) =>
      y.option("stdio", { type: "boolean", default: true, describe: "speak JSON-RPC on stdin/stdout" })
        .option("mutant", { type: "string", describe: "run a deliberately broken variant (conformance self-validation, SPEC §12.7)" }),
      (a) => run(import("./cli/peer.ts").then((m) => m.peerCommand({ stdio: a.stdio as boolean, ...(a.mutant ? { mutant: a.mutant as string } : {}) }))))
    .command("call", "Place a demo call between two reference peers and print what each side shows", (y: Argv) =>
      y.option("e2ee", { type: "boolean", default: true, describe: "users turn E2EE on (--no-e2ee: a standard call)" })
        .option("adversary", { choices: ADVERSARY, describe: "adversary mode for this call (SPEC §8)" })
        .option("seed", { type: "number", default: 1 })
        .option("duration", { type: "number", default: 5, describe: "seconds of media" })
        .option("service", { type: "string", describe: "use a running service (http://host:port) instead of starting one" })
        .option("admin-token", { type: "string", describe: "bearer token of the admin API of --service" })
        .option("feature", { type: "string", describe: "request this feature during the call (e.g. recording)" })
        .option("to", { type: "string", describe: "target user of --feature, where it needs one" })
        .option("json", { type: "boolean", default: false }),
      (a) => run(import("./cli/call.ts").then((m) => m.callCommand(a as never))))
    .command("conformance", "Run the conformance suite against an implementation (default: the embedded reference peer)", (y: Argv) =>
      y.option("impl", { type: "string", describe: "command that starts the implementation's driver adapter (SPEC §7)" })
        .option("case", { type: "string", array: true, default: [], describe: "only cases whose id matches this glob (repeatable)" })
        .option("tag", { type: "string", array: true, default: [], describe: "only cases with this tag (repeatable)" })
        .option("strict", { type: "boolean", default: false, describe: "also run SHOULD cases" })
        .option("jobs", { type: "number", describe: "cases run in parallel (default: cores, at most 4)" })
        .option("shard", { type: "string", describe: "run shard i of n (i/n)" })
        .option("repeat", { type: "number", default: 1, describe: "run each case N times; verdicts must agree" })
        .option("timeout", { type: "number", default: 60, describe: "seconds per case" })
        .option("expect", { type: "string", describe: "known failures file (ratchets: a known failure that passes fails the run)" })
        .option("report", { type: "string", array: true, default: [], describe: "FORMAT:PATH, FORMAT one of console, json, junit, tap, html (repeatable)" })
        .option("mutants", { type: "boolean", default: false, describe: "run the suite against every mutant of the reference and print the kill matrix" })
        .option("kill-all", { type: "boolean", default: false, describe: "with --mutants: run every case against every mutant (full matrix)" })
        .option("mutant", { type: "string", array: true, default: [], describe: "with --mutants: only this mutant (repeatable)" })
        .option("list", { type: "boolean", default: false, describe: "list the selected cases and exit" })
        .option("verbose", { type: "boolean", default: false, describe: "print every case, not only failures" }),
      (a) => run(import("./cli/conformance.ts").then((m) => m.conformanceCommand(a as never))))
    .command("schemas", "Write the JSON Schemas of the wire and driver protocols to fixtures/schemas", (y: Argv) =>
      y.option("out", { type: "string", default: "fixtures/schemas" })
        .option("check", { type: "boolean", default: false, describe: "only check that the files match the code" }),
      (a) => run(import("./cli/schemas.ts").then((m) => m.schemasCommand({ out: a.out as string, check: a.check as boolean }))))
    .demandCommand(1, "Name a command; see --help")
    .strict()
    .recommendCommands()
    .help()
    .version("0.1.0")
    .fail((msg, err, y) => {
      if (err) throw err;
      void y;
      console.error(`shieldcall: ${msg}\nRun "shieldcall --help" for usage.`);
      code = 2;
    })
    .exitProcess(false);
  try {
    await cli.parseAsync();
  } catch (e) {
    console.error(`shieldcall: ${(e as Error).message}`);
    return code || 1;
  }
  return code;
}

// Deno runs this file directly (deno.json tasks); Node enters through bin/shieldcall.js.
if ((import.meta as { main?: boolean }).main && "Deno" in globalThis) {
  const code = await main(process.argv.slice(2));
  process.exit(code);
}
