/**
 * Every `shieldcall` subcommand as data (a CommandSpec, parsed by yargs in src/cli/_yargs.ts), each running a module
 * under src/cli/ that is loaded lazily (so `vectors` never loads node-webrtc).
 *
 * Adding a subcommand: write `src/cli/<name>.ts` exporting `async function <name>Command(a: {...}): Promise<number>`,
 * then add one entry to COMMANDS below:
 *   { name, summary, positionals?, options: { "kebab-name": { type, describe, default?, array?, choices?, check? } },
 *     run: (a) => import("./<name>.ts").then((m) => m.<name>Command(a as never)) }
 * `a` holds every option under its camelCase name (`--ring-timeout` → `a.ringTimeout`) plus `a.$given`, the set of
 * options given explicitly. `--help` is generated from the same entry; cli_test.ts checks every entry's shape.
 */
import type { CommandSpec } from "./_yargs.ts";
import { ADMIN_COMMANDS } from "./admin.ts";
import { FEATURES } from "../protocol/mod.ts";
import { ADVERSARY_MODES } from "../service/adversary/mod.ts";

const atLeastOne = (
  v: string | number,
) => (typeof v === "number" && v >= 1 ? null : `expected a whole number ≥ 1, got ${v}`);
const positive = (
  v: string | number,
) => (typeof v === "number" && v > 0 ? null : `expected a positive number, got ${v}`);
const nonEmpty = (v: string | number) => (String(v).trim() !== "" ? null : "expected a non-empty value");
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
      "Run the conformance suite against an implementation (default: the embedded reference peer). Exit 0: every " +
      "selected MUST case passed; 1: a case failed (or a MUST case was skipped); 2: usage; 3: the harness or a " +
      "sanity call failed; 130/143: interrupted.",
    options: {
      impl: {
        type: "string",
        describe:
          "command that starts the implementation's driver adapter (SPEC §7); the alias `web` is the web client in " +
          "Chromium (`shieldcall web-peer --stdio`)",
        check: nonEmpty,
      },
      case: {
        type: "string",
        array: true,
        describe: "only cases whose id matches this glob (* any run, ? one character)",
      },
      skip: { type: "string", array: true, describe: "leave out cases whose id matches this glob" },
      tag: { type: "string", array: true, describe: "only cases with this tag (see --list-tags)" },
      clause: {
        type: "string",
        array: true,
        describe: "only cases citing this SPEC rule (V2), range (F1-F10) or section (§2.4)",
      },
      strict: { type: "boolean", describe: "also run SHOULD cases" },
      jobs: { type: "integer", describe: "cases run in parallel (default: cores, at most 4)", check: atLeastOne },
      shard: { type: "string", describe: "run shard i of n of the selection" },
      repeat: {
        type: "integer",
        default: 1,
        describe: "run each case N times; verdicts must agree",
        check: atLeastOne,
      },
      timeout: { type: "number", default: 60, describe: "time limit per case", check: positive },
      seed: {
        type: "integer",
        describe: "adversary seed of every case (default: each case's own, printed in reproduction commands)",
        check: seed,
      },
      expect: {
        type: "string",
        describe:
          'known failures {"version":1,"failures":{"<case id>":"<reason>"}}; a listed case that passes fails the run',
      },
      "write-expect": {
        type: "string",
        describe: "after the run, write the failed cases as an expectations file (reason placeholder per case)",
      },
      "rerun-failed": {
        type: "string",
        describe: "run only the cases that did not pass in this JSON report",
      },
      report: {
        type: "string",
        array: true,
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
      mutant: { type: "string", array: true, describe: "with --mutants: only this mutant" },
      list: { type: "boolean", describe: "list the selected cases (id, clause, level, tags) and exit" },
      "list-tags": { type: "boolean", describe: "list every tag with its number of cases and exit" },
      verbose: { type: "boolean", describe: "print every case, not only failures" },
    },
    epilog: () =>
      "Selection: a repeated selector (--case, --tag, --clause) means any of its values; selectors of different " +
      "kinds (and --rerun-failed) must all hold; --skip then removes cases; --shard splits the rest.",
    run: (a) => import("./conformance.ts").then((m) => m.conformanceCommand(a as never)),
  },
  {
    name: "call",
    summary:
      "Place a call between two reference peers and print what each side shows. It prints the digits each side " +
      "spoke and heard and a verdict for the mode; exit 1 when the outcome is not the one SPEC §8 requires.",
    options: {
      e2ee: { type: "boolean", default: true, describe: "demo users turn E2EE on (--no-e2ee: a standard call)" },
      adversary: {
        type: "string",
        choices: [...ADVERSARY_MODES],
        describe: "adversary mode for this call (SPEC §8)",
      },
      seed: { type: "integer", default: 1, describe: "adversary seed", check: seed },
      duration: {
        type: "number",
        default: 5,
        describe:
          "seconds of media; with a call-control --feature, seconds after the feature ran (once the call is heard)",
        check: positive,
      },
      service: {
        type: "string",
        describe: "use a running service (http://host:port) instead of starting one",
      },
      "admin-token": { type: "string", describe: "bearer token of the admin API of --service" },
      as: {
        type: "string",
        describe: "with --service: the calling user, an existing user (no demo tenant is made)",
      },
      "as-token": { type: "string", describe: "token of --as (default: a new one from the admin API)" },
      to: { type: "string", describe: "with --as: the called user, an existing user" },
      "to-token": { type: "string", describe: "token of --to (default: a new one from the admin API)" },
      feature: { type: "string", choices: FEATURES, describe: "request this feature during the call" },
      third: { type: "string", describe: "third user of --feature, where it needs one (default carol)" },
      json: { type: "boolean", describe: "print the call report as JSON" },
    },
    run: (a) => import("./call.ts").then((m) => m.callCommand(a as never)),
  },
  {
    name: "serve",
    summary: "Run the call service: signaling, admin API, transport relay, media processor (SPEC §4, §10).",
    options: {
      port: { type: "integer", default: 7443, describe: "TCP port (0 = any free port)", check: port },
      host: { type: "string", default: "127.0.0.1", describe: "address to listen on" },
      policy: { type: "string", describe: "declarative policy file (SPEC §3.5)" },
      state: { type: "string", describe: "state file; changes survive a restart" },
      "admin-token": { type: "string", describe: "require this bearer token on the admin API" },
      "ring-timeout": {
        type: "number",
        default: 30,
        describe: "seconds before an unanswered call ends",
        check: positive,
      },
      "exit-with-stdin": {
        type: "boolean",
        describe: "stop when stdin closes (for a parent process that runs the service as its child)",
      },
      "processor-workers": {
        type: "integer",
        describe:
          "run the media processor's legs in N worker processes (default: the number of cores; 0 = in the service " +
          "process)",
        check: atLeastZero,
      },
      demo: {
        type: "boolean",
        describe: "also serve the web client with demo users (alice, bob: E2EE allowed; carol: not) and print its URL",
      },
      quiet: { type: "boolean", describe: "log only errors (not each sign-in, call start and end, and refusal)" },
      "pid-file": {
        type: "string",
        describe: "write the service's process id here (removed on a clean stop): kill $(cat FILE) stops it",
      },
      "max-calls": {
        type: "integer",
        describe:
          "standard calls admitted at once; more get SERVICE_BUSY (default: 2.5 per core, measured; 0 = no limit)",
        check: atLeastZero,
      },
      "max-e2ee-calls": {
        type: "integer",
        describe: "E2EE calls admitted at once; more get SERVICE_BUSY (default: 5 per core, measured; 0 = no limit)",
        check: atLeastZero,
      },
    },
    run: (a) => import("./serve.ts").then((m) => m.serveCommand(a as never)),
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
      url: { type: "string", default: "http://127.0.0.1:7443/admin", describe: "admin API base URL" },
      "admin-token": { type: "string", describe: "bearer token of the admin API" },
      json: { type: "boolean", describe: "print compact JSON" },
    },
    epilog: () =>
      `Admin commands:\n${
        Object.values(ADMIN_COMMANDS).map((c) => `  ${c.usage.padEnd(50)} ${c.describe}`).join("\n")
      }`,
    run: (a) =>
      import("./admin.ts").then((m) => m.adminCommand({ ...(a as never as object), args: a.command } as never)),
  },
  {
    name: "peer",
    summary: "Run the reference peer as a driver-protocol adapter on stdin/stdout (SPEC §7).",
    options: {
      stdio: { type: "boolean", default: true, describe: "speak JSON-RPC on stdin/stdout" },
      mutant: {
        type: "string",
        describe: "run a deliberately broken variant (conformance self-validation, SPEC §12.7)",
      },
      protocol: {
        type: "integer",
        check: (v) => (v === 1 || v === 2 || v === 3 ? null : `expected 1, 2 or 3, got ${v}`),
        describe: "TEST ONLY: authenticate as an older endpoint (1 or 2), never E2EE-capable (SPEC §8 version floor)",
      },
    },
    run: (a) =>
      import("./peer.ts").then((m) =>
        m.peerCommand({
          stdio: a.stdio as boolean,
          ...(a.mutant ? { mutant: a.mutant as string } : {}),
          ...(a.protocol !== undefined ? { protocol: a.protocol as number } : {}),
        })
      ),
  },
  {
    name: "interop",
    summary: "Interop matrix of the reference peer and the web client: ref↔ref, ref↔web, web↔web both ways × " +
      "E2EE (equal " +
      "numbers), standard through the processor (media both ways), mitm (different numbers); exit 1 on any red " +
      "cell.",
    options: {
      json: { type: "boolean", describe: "print the cells as JSON" },
    },
    run: (a) => import("./interop.ts").then((m) => m.interopCommand({ json: a.json as boolean | undefined })),
  },
  {
    name: "web-peer",
    summary:
      "Run the web client in headless Chromium as a driver-protocol adapter on stdin/stdout (SPEC §7); `conformance " +
      "--impl web` uses it.",
    options: {
      stdio: { type: "boolean", default: true, describe: "speak JSON-RPC on stdin/stdout" },
      mutant: {
        type: "string",
        describe: "run a deliberately broken web client (SFrame self-validation, SPEC §12.7)",
      },
    },
    run: (a) =>
      import("./web_peer.ts").then((m) =>
        m.webPeerCommand({ stdio: a.stdio as boolean, ...(a.mutant ? { mutant: a.mutant as string } : {}) })
      ),
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
        default: "fixtures/vectors/handshake.json",
        describe: "where `generate` writes",
      },
    },
    run: (a) =>
      import("./vectors.ts").then((m) =>
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
      out: { type: "string", default: "fixtures/schemas", describe: "directory of the schema files" },
      check: { type: "boolean", describe: "only check that the files match the code" },
    },
    run: (a) =>
      import("./schemas.ts").then((m) => m.schemasCommand({ out: a.out as string, check: a.check as boolean })),
  },
];
