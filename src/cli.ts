/**
 * `shieldcall` command line: the subcommands are data (src/cli/commands.ts), parsed by yargs in strict mode
 * (src/cli/_yargs.ts). Returns the process exit code; bin/shieldcall.js exits with it. An unknown option, a missing
 * value or a value of the wrong type is a usage error (exit 2) with a one-line message and a hint, before the command
 * starts anything.
 */
import { COMMANDS } from "./cli/commands.ts";
import { parseCli } from "./cli/_yargs.ts";
import { VERSION } from "./version.ts";

/** Runs the CLI with `argv` (without the runtime and script) and resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  // Internal: a media processor worker of `serve --processor-workers` (src/processor/pool.ts); not in --help.
  if (argv[0] === "processor-worker") return (await import("./processor/mod.ts")).runProcessorWorker();
  const outcome = await parseCli(COMMANDS, argv[0] === "help" ? ["--help", ...argv.slice(1)] : argv, VERSION);
  if (outcome.kind === "print") {
    if (outcome.text) console.log(outcome.text);
    return 0;
  }
  if (outcome.kind === "error") {
    const who = outcome.command === null ? "shieldcall" : `shieldcall ${outcome.command}`;
    const hint = outcome.command === null ? "the commands" : "usage";
    console.error(`${who}: ${outcome.message} (run "${who} --help" for ${hint})`);
    return 2;
  }
  try {
    return await outcome.spec.run(outcome.args);
  } catch (e) {
    // An error no command handled: the harness (conformance) or the tool itself failed.
    console.error(`shieldcall ${outcome.spec.name}: ${(e as Error)?.stack ?? String(e)}`);
    return outcome.spec.name === "conformance" ? 3 : 1;
  }
}

// Deno runs this file directly (deno.json tasks); Node enters through bin/shieldcall.js.
if ((import.meta as { main?: boolean }).main && "Deno" in globalThis) {
  const code = await main(process.argv.slice(2));
  process.exit(code);
}
