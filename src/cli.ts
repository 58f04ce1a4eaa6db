/**
 * `shieldcall` command line: one CommandSpec per subcommand (flags as data, src/cli/flags.ts), each running a module
 * under src/cli/ that is loaded lazily (so `vectors` never loads node-webrtc). Returns the process exit code;
 * bin/shieldcall.js exits with it. Flags are strict: an unknown option, a missing value or a value of the wrong type
 * is a usage error (exit 2) with a one-line message and a hint, before the command starts anything.
 *
 * Adding a subcommand: write `src/cli/<name>.ts` exporting `async function <name>Command(a: {...}): Promise<number>`,
 * then add one entry to COMMANDS below:
 *   { name, summary, positionals?, options: { "kebab-name": { type, describe, default?, array?, choices?, check? } },
 *     run: (a) => import("./cli/<name>.ts").then((m) => m.<name>Command(a as never)) }
 * `a` holds every option under its camelCase name (`--ring-timeout` → `a.ringTimeout`) plus `a.$given`, the set of
 * options given explicitly. `--help` is generated from the same entry; flags_test.ts checks every entry's shape.
 */
import { atLeastOne, didYouMean, helpText, nonEmpty, parseCommand, positive } from "./cli/flags.ts";
import type { CommandSpec } from "./cli/flags.ts";
import { ADMIN_COMMANDS } from "./cli/admin.ts";
import { FEATURES } from "./protocol/features.ts";
import { VERSION } from "./version.ts";
import { ADVERSARY_MODES } from "./service/adversary/mod.ts";

const REPORT_FORMATS = "console, json, junit, tap, html";

const port = (
  v: string | number,
) => (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 65535
  ? null
  : `expected a port 0–65535, got ${v}`);
const atLeastZero = (
  v: string | number,
) => (typeof v === "number" && Number.isInteger(v) && v >= 0 ? null : `expected a whole number ≥ 0, got ${v}`);
const seed = (
  v: string | number,
) => (typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 0xffffffff
  ? null
  : `expected a whole number 0–4294967295, got ${v}`);

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: CommandSpec[] = [
  {
    name: "conformance",
    summary:
      "Run the conformance suite against an implementation (default: the embedded reference peer). Exit 0: every selected MUST case passed; 1: a case failed (or a MUST case was skipped); 2: usage; 3: the harness or a sanity call failed; 130/143: interrupted.",
    options: {
      impl: {
        type: "string",
        value: "CMD",
        describe:
          "command that starts the implementation's driver adapter (SPEC §7); the alias `web` is the web client in Chromium (`shieldcall web-peer --stdio`)",
        check: nonEmpty,
      },
      case: {
        type: "string",
        array: true,
        value: "GLOB",
        describe: "only cases whose id matches this glob (* any run, ? one character)",
      },
      skip: { type: "string", array: true, value: "GLOB", describe: "leave out cases whose id matches this glob" },
      tag: { type: "string", array: true, value: "TAG", describe: "only cases with this tag (see --list-tags)" },
      clause: {
        type: "string",
        array: true,
        value: "ID",
        describe: "only cases citing this SPEC rule (V2), range (F1-F10) or section (§2.4)",
      },
      strict: { type: "boolean", describe: "also run SHOULD cases" },
      jobs: { type: "integer", describe: "cases run in parallel (default: cores, at most 4)", check: atLeastOne },
      shard: { type: "string", value: "i/n", describe: "run shard i of n of the selection" },
      repeat: {
        type: "integer",
        default: 1,
        describe: "run each case N times; verdicts must agree",
        check: atLeastOne,
      },
      timeout: { type: "number", default: 60, value: "SECONDS", describe: "time limit per case", check: positive },
      seed: {
        type: "integer",
        describe: "adversary seed of every case (default: each case's own, printed in reproduction commands)",
        check: seed,
      },
      expect: {
        type: "string",
        value: "FILE",
        describe:
          'known failures {"version":1,"failures":{"<case id>":"<reason>"}}; a listed case that passes fails the run',
      },
      "write-expect": {
        type: "string",
        value: "FILE",
        describe: "after the run, write the failed cases as an expectations file (reason placeholder per case)",
      },
      "rerun-failed": {
        type: "string",
        value: "REPORT.json",
        describe: "run only the cases that did not pass in this JSON report",
      },
      report: {
        type: "string",
        array: true,
        value: "FORMAT:PATH",
        describe: `write a report; FORMAT one of ${REPORT_FORMATS}`,
      },
      mutants: {
        type: "boolean",
        describe: "run the suite against every mutant of the reference and print the kill matrix",
      },
      "kill-all": {
        type: "boolean",
        describe: "with --mutants: run every case against every mutant (full matrix); writes conformance/kills.json",
      },
      "kill-map": {
        type: "boolean",
        describe: "with --mutants: per MUST case, mutants until its own check kills one; writes conformance/kills.json",
      },
      reprove: { type: "boolean", describe: "with --mutants: re-prove conformance/kills.json (one run per case)" },
      mutant: { type: "string", array: true, value: "ID", describe: "with --mutants: only this mutant" },
      list: { type: "boolean", describe: "list the selected cases (id, clause, level, tags) and exit" },
      "list-tags": { type: "boolean", describe: "list every tag with its number of cases and exit" },
      verbose: { type: "boolean", describe: "print every case, not only failures" },
    },
    epilog: () =>
      "Selection: a repeated selector (--case, --tag, --clause) means any of its values; selectors of different kinds (and --rerun-failed) must all hold; --skip then removes cases; --shard splits the rest.",
    run: (a) => import("./cli/conformance.ts").then((m) => m.conformanceCommand(a as never)),
  },
  {
    name: "call",
    summary:
      "Place a call between two reference peers and print what each side shows. It prints the digits each side spoke and heard and a verdict for the mode; exit 1 when the outcome is not the one SPEC §8 requires.",
    options: {
      e2ee: { type: "boolean", default: true, describe: "demo users turn E2EE on (--no-e2ee: a standard call)" },
      adversary: {
        type: "string",
        choices: [...ADVERSARY_MODES],
        value: "MODE",
        describe: "adversary mode for this call (SPEC §8)",
      },
      seed: { type: "integer", default: 1, describe: "adversary seed", check: seed },
      duration: { type: "number", default: 5, value: "SECONDS", describe: "seconds of media", check: positive },
      service: {
        type: "string",
        value: "URL",
        describe: "use a running service (http://host:port) instead of starting one",
      },
      "admin-token": { type: "string", describe: "bearer token of the admin API of --service" },
      as: {
        type: "string",
        value: "USER",
        describe: "with --service: the calling user, an existing user (no demo tenant is made)",
      },
      "as-token": { type: "string", value: "TOKEN", describe: "token of --as (default: a new one from the admin API)" },
      to: { type: "string", value: "USER", describe: "with --as: the called user, an existing user" },
      "to-token": { type: "string", value: "TOKEN", describe: "token of --to (default: a new one from the admin API)" },
      feature: { type: "string", choices: FEATURES, value: "NAME", describe: "request this feature during the call" },
      third: { type: "string", value: "USER", describe: "third user of --feature, where it needs one (default carol)" },
      json: { type: "boolean", describe: "print the call report as JSON" },
    },
    run: (a) => import("./cli/call.ts").then((m) => m.callCommand(a as never)),
  },
  {
    name: "serve",
    summary: "Run the call service: signaling, admin API, transport relay, media processor (SPEC §4, §10).",
    options: {
      port: { type: "integer", default: 7443, describe: "TCP port (0 = any free port)", check: port },
      host: { type: "string", default: "127.0.0.1", describe: "address to listen on" },
      policy: { type: "string", value: "FILE", describe: "declarative policy file (SPEC §3.5)" },
      state: { type: "string", value: "FILE", describe: "state file; changes survive a restart" },
      "admin-token": { type: "string", describe: "require this bearer token on the admin API" },
      "ring-timeout": {
        type: "number",
        default: 30,
        value: "SECONDS",
        describe: "seconds before an unanswered call ends",
        check: positive,
      },
      "exit-with-stdin": {
        type: "boolean",
        describe: "stop when stdin closes (for a parent process that runs the service as its child)",
      },
      "processor-workers": {
        type: "integer",
        value: "N",
        describe:
          "run the media processor's legs in N worker processes (default: the number of cores; 0 = in the service process)",
        check: atLeastZero,
      },
      demo: {
        type: "boolean",
        describe: "also serve the web client with demo users (alice, bob: E2EE allowed; carol: not) and print its URL",
      },
    },
    run: (a) => import("./cli/serve.ts").then((m) => m.serveCommand(a as never)),
  },
  {
    name: "admin",
    summary: "Drive the admin API (SPEC §10): tenants, policies, groups, users, tokens, settings, calls.",
    positionals: [{
      name: "command",
      describe: "an admin command and its arguments (listed below)",
      required: true,
      variadic: true,
    }],
    options: {
      url: { type: "string", default: "http://127.0.0.1:7443/admin", value: "URL", describe: "admin API base URL" },
      "admin-token": { type: "string", describe: "bearer token of the admin API" },
      json: { type: "boolean", describe: "print compact JSON" },
    },
    epilog: () =>
      `Admin commands:\n${
        Object.values(ADMIN_COMMANDS).map((c) => `  ${c.usage.padEnd(50)} ${c.describe}`).join("\n")
      }`,
    run: (a) =>
      import("./cli/admin.ts").then((m) => m.adminCommand({ ...(a as never as object), args: a.command } as never)),
  },
  {
    name: "peer",
    summary: "Run the reference peer as a driver-protocol adapter on stdin/stdout (SPEC §7).",
    options: {
      stdio: { type: "boolean", default: true, describe: "speak JSON-RPC on stdin/stdout" },
      mutant: {
        type: "string",
        value: "ID",
        describe: "run a deliberately broken variant (conformance self-validation, SPEC §12.7)",
      },
    },
    run: (a) =>
      import("./cli/peer.ts").then((m) =>
        m.peerCommand({ stdio: a.stdio as boolean, ...(a.mutant ? { mutant: a.mutant as string } : {}) })
      ),
  },
  {
    name: "interop",
    summary:
      "Interop matrix of the reference peer and the web client: ref↔ref, ref↔web, web↔web both ways × E2EE (equal numbers), standard through the processor (media both ways), mitm (different numbers); exit 1 on any red cell.",
    options: {
      json: { type: "boolean", describe: "print the cells as JSON" },
    },
    run: (a) => import("./cli/interop.ts").then((m) => m.interopCommand({ json: a.json as boolean | undefined })),
  },
  {
    name: "web-peer",
    summary:
      "Run the web client in headless Chromium as a driver-protocol adapter on stdin/stdout (SPEC §7); `conformance --impl web` uses it.",
    options: {
      stdio: { type: "boolean", default: true, describe: "speak JSON-RPC on stdin/stdout" },
    },
    run: (a) => import("./cli/web_peer.ts").then((m) => m.webPeerCommand({ stdio: a.stdio as boolean })),
  },
  {
    name: "vectors",
    summary: "Generate or verify the handshake test vectors (SPEC §5).",
    positionals: [
      { name: "action", describe: "what to do", required: true, choices: ["generate", "verify"] },
      { name: "file", describe: "vectors file to verify" },
    ],
    options: {
      out: {
        type: "string",
        value: "FILE",
        default: "fixtures/vectors/handshake.json",
        describe: "where `generate` writes",
      },
    },
    run: (a) =>
      import("./cli/vectors.ts").then((m) =>
        m.vectorsCommand({
          action: a.action as "generate" | "verify",
          ...(a.file ? { file: a.file as string } : {}),
          out: a.out as string,
        })
      ),
  },
  {
    name: "schemas",
    summary: "Write the JSON Schemas of the wire and driver protocols, or check them.",
    options: {
      out: { type: "string", value: "DIR", default: "fixtures/schemas", describe: "directory of the schema files" },
      check: { type: "boolean", describe: "only check that the files match the code" },
    },
    run: (a) =>
      import("./cli/schemas.ts").then((m) => m.schemasCommand({ out: a.out as string, check: a.check as boolean })),
  },
];

function usage(): string {
  const w = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    "Usage: shieldcall <command> [options]",
    "",
    "Reference peer and conformance suite for end-to-end encrypted 1:1 calls.",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(w)}  ${c.summary.split(/(?<=\.) /)[0]}`),
    "",
    'Run "shieldcall <command> --help" for its options. "shieldcall --version" prints the version.',
  ].join("\n");
}

/** Runs the CLI with `argv` (without the runtime and script) and resolves with the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    console.error(`shieldcall: name a command\n${usage()}`);
    return 2;
  }
  if (name === "--help" || name === "-h" || name === "help") {
    console.log(usage());
    return 0;
  }
  if (name === "--version" || name === "-V") {
    console.log(VERSION);
    return 0;
  }
  // Internal: a media processor worker of `serve --processor-workers` (src/processor/pool.ts); not in --help.
  if (name === "processor-worker") return (await import("./processor/worker_main.ts")).runProcessorWorker();
  const spec = COMMANDS.find((c) => c.name === name);
  if (!spec) {
    const what = name.startsWith("-") ? `Unknown option ${name}` : `Unknown command "${name}"`;
    console.error(
      `shieldcall: ${what}${
        didYouMean(
          name.replace(/^-+/, ""),
          COMMANDS.map((c) => c.name),
        )
      } (run "shieldcall --help" for the commands)`,
    );
    return 2;
  }
  const parsed = parseCommand(spec, rest);
  if (parsed.kind === "help") {
    console.log(helpText("shieldcall", spec));
    return 0;
  }
  if (parsed.kind === "error") {
    console.error(`shieldcall ${spec.name}: ${parsed.message} (run "shieldcall ${spec.name} --help" for usage)`);
    return 2;
  }
  try {
    return await spec.run(parsed.args);
  } catch (e) {
    // An error no command handled: the harness (conformance) or the tool itself failed.
    console.error(`shieldcall ${spec.name}: ${(e as Error)?.stack ?? String(e)}`);
    return spec.name === "conformance" ? 3 : 1;
  }
}

// Deno runs this file directly (deno.json tasks); Node enters through bin/shieldcall.js.
if ((import.meta as { main?: boolean }).main && "Deno" in globalThis) {
  const code = await main(process.argv.slice(2));
  process.exit(code);
}
