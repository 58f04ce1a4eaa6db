/**
 * The `shieldcall` command line through yargs: each subcommand declares its options and positionals as data (a
 * CommandSpec, src/cli/commands.ts) and `parseCli` hands them to yargs in strict mode, with types, choices,
 * `demandCommand`, `recommendCommands`, help and shell completion (`shieldcall completion`). There is no "warn and
 * carry on": an unknown option, a missing value, a value of the wrong type or outside its choices, an option given
 * twice, or an extra argument is a usage error (exit 2) with one line and a hint, found before the command does
 * anything. yargs reports these in its own words; `usageMessage` turns them into that one line.
 */
import yargs from "yargs";
import type { Argv, Options } from "yargs";
import { didYouMean } from "./_suggest.ts";

/** One `--option`. Keys of `CommandSpec.options` are kebab-case; parsed values are camelCase. */
export interface OptionSpec {
  type: "string" | "number" | "integer" | "boolean";
  describe: string;
  /** Repeatable: every occurrence is collected into an array (default []). */
  array?: boolean;
  default?: string | number | boolean;
  /** Allowed values (strings). */
  choices?: readonly string[];
  /** Further check of one parsed value; returns the problem (sentence after "Option --x: ") or null. */
  check?: (v: string | number) => string | null;
}

/** One positional argument. */
export interface PositionalSpec {
  name: string;
  describe: string;
  required?: boolean;
  /** Takes every remaining argument (last positional only). */
  variadic?: boolean;
  choices?: readonly string[];
}

/** A subcommand: its flags, its help and what runs it. */
export interface CommandSpec {
  name: string;
  summary: string;
  positionals?: PositionalSpec[];
  options: Record<string, OptionSpec>;
  /** Extra help text after the options (e.g. the admin command list). */
  epilog?: () => string;
  /** Runs the command with the parsed values; resolves with the exit code. Load heavy modules lazily in here. */
  run: (args: ParsedArgs) => Promise<number>;
}

/** Parsed values (camelCase keys) and which options were given explicitly. */
export type ParsedArgs = Record<string, unknown> & { readonly $given: ReadonlySet<string> };

/** What `parseCli` found: a command to run, text to print (help, version, completion) or a usage error. */
export type CliOutcome =
  | { kind: "run"; spec: CommandSpec; args: ParsedArgs }
  | { kind: "print"; text: string }
  | { kind: "error"; command: string | null; message: string };

/** `ring-timeout` → `ringTimeout`. */
export function camel(s: string): string {
  return s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

class UsageError extends Error {}

/** The words before `--` (after it everything is a positional). */
const optionWords = (argv: readonly string[]) => argv.slice(0, argv.includes("--") ? argv.indexOf("--") : argv.length);

/** The raw text given for `--name` (for messages: yargs has already turned "abc" into NaN). */
function rawValue(argv: readonly string[], name: string): string {
  const words = optionWords(argv);
  for (let i = words.length - 1; i >= 0; i--) {
    if (words[i] === `--${name}`) return words[i + 1] ?? "";
    if (words[i]!.startsWith(`--${name}=`)) return words[i]!.slice(name.length + 3);
  }
  return "";
}

/** Checks one value of `--name` the way yargs' types cannot: numbers, whole numbers, choices, `check`. */
function checkValue(name: string, o: OptionSpec, v: unknown, argv: readonly string[]): string | number {
  // yargs' boolean negation turns `--no-impl` into impl=false: not an option of a non-switch.
  if (typeof v === "boolean") throw new UsageError(`Unknown option --no-${name}`);
  if (o.type === "number" || o.type === "integer") {
    const raw = rawValue(argv, name);
    if (typeof v !== "number" || !Number.isFinite(v) || (raw !== "" && raw.trim() === "")) {
      throw new UsageError(`Option --${name} expects a number, got "${raw}"`);
    }
    if (o.type === "integer" && !Number.isInteger(v)) {
      throw new UsageError(`Option --${name} expects a whole number, got "${raw}"`);
    }
  }
  const value = o.type === "string" ? String(v) : v as number;
  if (o.choices && !o.choices.includes(String(value))) {
    throw new UsageError(
      `Option --${name} must be one of ${o.choices.join(", ")}; got "${value}"${didYouMean(String(value), o.choices)}`,
    );
  }
  const problem = o.check?.(value);
  if (problem) throw new UsageError(`Option --${name}: ${problem}`);
  return value;
}

/** The yargs declaration of one option: its type for parsing and help, and a coercion that applies our checks. */
function yargsOption(name: string, o: OptionSpec, argv: readonly string[]): Options {
  const extra = o.type === "boolean" && o.default === true ? ` (--no-${name} turns it off)` : "";
  const opt: Options = {
    describe: o.describe + extra,
    type: o.type === "integer" ? "number" : o.type,
    ...(o.choices ? { choices: [...o.choices] } : {}),
    ...(o.array ? { array: true, default: [] } : {}),
    ...(o.default !== undefined ? { default: o.default } : {}),
  };
  if (o.type === "boolean") return { ...opt, default: o.default ?? false };
  return {
    ...opt,
    requiresArg: true,
    coerce: (v: unknown) => {
      if (o.array) return (Array.isArray(v) ? v : [v]).map((x) => checkValue(name, o, x, argv));
      if (Array.isArray(v)) throw new UsageError(`Option --${name} is given twice; it takes one value`);
      return checkValue(name, o, v, argv);
    },
  };
}

/** `--switch=value` with a value other than true/false (yargs would read any such value as false). */
function switchValueProblem(spec: CommandSpec, argv: readonly string[]): string | null {
  for (const w of optionWords(argv)) {
    const m = /^--(?:no-)?([^=]+)=(.*)$/.exec(w);
    if (m && spec.options[m[1]!]?.type === "boolean" && m[2] !== "true" && m[2] !== "false") {
      if (w.startsWith("--no-")) return `Option --no-${m[1]} takes no value`;
      return `Option --${m[1]} is a switch: expected no value, "true" or "false", got "${m[2]}"`;
    }
  }
  return null;
}

/** The options given on the command line (camelCase), e.g. to tell `--e2ee` from its default. */
function givenOptions(spec: CommandSpec, argv: readonly string[]): Set<string> {
  const given = new Set<string>();
  for (const w of optionWords(argv)) {
    const name = /^--([^=]+)/.exec(w)?.[1];
    if (name === undefined) continue;
    if (spec.options[name]) given.add(name);
    else if (name.startsWith("no-") && spec.options[name.slice(3)]) given.add(name.slice(3));
  }
  return given;
}

/** yargs' words for a usage error → the one line we print (without the "shieldcall cmd:" prefix and the hint). */
function usageMessage(msg: string, spec: CommandSpec | null, argv: readonly string[], yargsOutput: string): string {
  const unknown = /^Unknown arguments?: ([^,]+)/.exec(msg)?.[1];
  if (unknown !== undefined) {
    const names = Object.keys(spec?.options ?? {});
    for (const w of optionWords(argv)) {
      if (!w.startsWith("-") || w === "-") continue;
      const name = w.replace(/^-+/, "").split("=")[0]!;
      if (name !== unknown && camel(name) !== unknown && `no-${name}` !== unknown) continue;
      if (!w.startsWith("--")) return `Unknown option ${w}${didYouMean(name, names, (s) => `--${s}`)}`;
      return `Unknown option --${name}${didYouMean(name, names, (s) => `--${s}`)}`;
    }
    if (spec === null) {
      // recommendCommands: yargs prints "Did you mean X?" for a near command name.
      const near = /Did you mean (\S+)\?/.exec(yargsOutput)?.[1];
      return `Unknown command "${unknown}"${near ? `: did you mean "${near}"?` : ""}`;
    }
    return `Unexpected argument "${unknown}"`;
  }
  const needs = /^Not enough arguments following: (\S+)/.exec(msg)?.[1];
  if (needs !== undefined) {
    const name = Object.keys(spec?.options ?? {}).find((n) => n === needs || camel(n) === needs) ?? needs;
    return `Option --${name} needs a value (${spec?.options[name]?.type ?? "text"})`;
  }
  const invalid = /Argument: (\S+), Given: "([^"]*)", Choices: (.*)$/m.exec(msg);
  if (invalid) {
    const choices = spec?.positionals?.find((p) => p.name === invalid[1])?.choices ?? [];
    return `<${invalid[1]}> must be one of ${choices.join(", ")}; got "${invalid[2]}"${
      didYouMean(invalid[2]!, choices)
    }`;
  }
  if (/^Too many non-option arguments/.test(msg)) return `Unexpected argument "${argv.at(-1)}"`;
  return msg.split("\n").join(" ");
}

/** The yargs instance of every command, set up for one `argv`; `chosen` receives the command yargs selected. */
function build(
  commands: readonly CommandSpec[],
  argv: readonly string[],
  version: string,
  chosen: (spec: CommandSpec, args: Record<string, unknown>) => void,
): Argv {
  let y = yargs()
    .scriptName("shieldcall")
    .usage("Usage: $0 <command> [options]\n\nReference peer and conformance suite for end-to-end encrypted 1:1 calls.")
    .parserConfiguration({ "strip-dashed": true, "strip-aliased": true })
    .strict()
    .demandCommand(1, "name a command")
    .recommendCommands()
    .showHelpOnFail(false)
    .help()
    .alias("help", "h")
    .version(version)
    .alias("version", "V")
    .wrap(120);
  for (const spec of commands) {
    const words = (spec.positionals ?? []).map((p) =>
      p.required ? `<${p.name}${p.variadic ? ".." : ""}>` : `[${p.name}${p.variadic ? ".." : ""}]`
    );
    // Every positional is optional to yargs, and a missing one is reported after parsing: yargs would name a missing
    // positional before an unknown option, and the unknown option is the likelier mistake.
    y = y.command(
      [spec.name, ...(spec.positionals ?? []).map((p) => `[${p.name}${p.variadic ? ".." : ""}]`)].join(" "),
      spec.summary.split(/(?<=\.) /)[0]!,
      (c: Argv) => {
        let b = c.usage(`Usage: $0 ${[spec.name, ...words].join(" ")} [options]\n\n${spec.summary}`);
        for (const p of spec.positionals ?? []) {
          b = b.positional(p.name, {
            describe: p.describe,
            type: "string",
            ...(p.choices ? { choices: [...p.choices] } : {}),
          });
        }
        for (const [name, o] of Object.entries(spec.options)) b = b.option(name, yargsOption(name, o, argv));
        return spec.epilog ? b.epilog(spec.epilog()) : b;
      },
      (args: Record<string, unknown>) => chosen(spec, args),
    );
  }
  return y.completion("completion", "print a bash/zsh completion script (shieldcall completion >> ~/.bashrc)");
}

/**
 * Parses `argv` (the words after the program) for `commands`.
 * @example await parseCli(COMMANDS, ["conformance", "--impl", "node a.mjs"], VERSION)
 */
export function parseCli(
  commands: readonly CommandSpec[],
  argv: readonly string[],
  version: string,
): Promise<CliOutcome> {
  const named = commands.find((c) => c.name === argv[0]) ?? null;
  if (named) {
    const problem = switchValueProblem(named, argv.slice(1));
    if (problem) return Promise.resolve({ kind: "error", command: named.name, message: problem });
  }
  let selected: { spec: CommandSpec; args: Record<string, unknown> } | null = null;
  const y = build(commands, argv, version, (spec, args) => (selected = { spec, args }));
  if (argv[0] === "--get-yargs-completions") {
    // The shell's completion script asks for the words that may follow (`shieldcall completion` prints it); yargs
    // calls back once for the parse and once more with the words.
    return new Promise((resolve) => {
      let text = "";
      y.parse([...argv], {}, (_err: Error | undefined, _args: unknown, output: string) => {
        if (!text) setTimeout(() => resolve({ kind: "print", text }), 0);
        text ||= output ?? "";
      });
    });
  }
  return new Promise((resolve) => {
    y.parse([...argv], {}, (err: Error | undefined, _args: unknown, output: string) => {
      if (err) {
        const message = usageMessage(err.message, named, argv.slice(named ? 1 : 0), output ?? "");
        return resolve({ kind: "error", command: named?.name ?? null, message });
      }
      const s = selected as { spec: CommandSpec; args: Record<string, unknown> } | null;
      if (output || !s) return resolve({ kind: "print", text: output ?? "" });
      const { _: _p, $0: _s, ...values } = s.args;
      for (const p of s.spec.positionals ?? []) {
        const v = values[camel(p.name)];
        if (p.required && (v === undefined || (Array.isArray(v) && v.length === 0))) {
          const message = `Missing <${p.name}>${p.choices ? ` (one of ${p.choices.join(", ")})` : ""}`;
          return resolve({ kind: "error", command: s.spec.name, message });
        }
        if (p.variadic) values[camel(p.name)] = ((v ?? []) as unknown[]).map(String);
      }
      const args = Object.assign(values, { $given: givenOptions(s.spec, argv.slice(1)) }) as ParsedArgs;
      resolve({ kind: "run", spec: s.spec, args });
    });
  });
}
