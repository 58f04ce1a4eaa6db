/**
 * Strict command-line flags for every `shieldcall` subcommand. A command declares its options and positionals as
 * data (a CommandSpec); `parseCommand` turns argv into camelCase values or one usage error. There is no
 * "warn and carry on": an unknown option, a missing value, a value of the wrong type or outside its choices, an
 * option given twice, or an extra argument is a usage error (exit 2) with a one-line message and a hint, found
 * before the command does anything. `helpText` renders `--help` from the same data.
 */

/** One `--option`. Keys of `CommandSpec.options` are kebab-case; parsed values are camelCase. */
export interface OptionSpec {
  type: "string" | "number" | "integer" | "boolean";
  describe: string;
  /** Repeatable: every occurrence is collected into an array (default []). */
  array?: boolean;
  default?: string | number | boolean;
  /** Allowed values (strings). */
  choices?: readonly string[];
  /** Name of the value in help, e.g. FILE (default: the type). */
  value?: string;
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

/** What `parseCommand` found. */
export type ParseOutcome = { kind: "args"; args: ParsedArgs } | { kind: "help" } | { kind: "error"; message: string };

/** `ring-timeout` → `ringTimeout`. */
export function camel(s: string): string {
  return s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Levenshtein distance (small strings only). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest of `known` to `word` (prefix, or within an edit distance of 2 / a third of its length), or null. */
export function closest(word: string, known: Iterable<string>): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const k of known) {
    const d = k.startsWith(word) || word.startsWith(k)
      ? Math.min(1, Math.abs(k.length - word.length))
      : editDistance(word, k);
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best !== null && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : null;
}

/** " (did you mean X?)"-style hint for an unknown word, or "" when nothing is close. */
export function didYouMean(
  word: string,
  known: Iterable<string>,
  render: (s: string) => string = (s) => `"${s}"`,
): string {
  const c = closest(word, known);
  return c === null ? "" : `: did you mean ${render(c)}?`;
}

function convert(name: string, o: OptionSpec, raw: string): { v: string | number | boolean } | { error: string } {
  if (o.type === "boolean") {
    if (raw === "true") return { v: true };
    if (raw === "false") return { v: false };
    return { error: `Option --${name} is a switch: expected no value, "true" or "false", got "${raw}"` };
  }
  let v: string | number = raw;
  if (o.type === "number" || o.type === "integer") {
    const n = raw.trim() === "" ? NaN : Number(raw);
    if (!Number.isFinite(n)) return { error: `Option --${name} expects a number, got "${raw}"` };
    if (o.type === "integer" && !Number.isInteger(n)) {
      return { error: `Option --${name} expects a whole number, got "${raw}"` };
    }
    v = n;
  }
  if (o.choices && !o.choices.includes(String(v))) {
    return {
      error: `Option --${name} must be one of ${o.choices.join(", ")}; got "${raw}"${didYouMean(raw, o.choices)}`,
    };
  }
  const problem = o.check?.(v);
  if (problem) return { error: `Option --${name}: ${problem}` };
  return { v };
}

/** Whether `tok` can be an option's value (not an option itself; "-1" is a value for number options). */
function isValue(tok: string | undefined, o: OptionSpec): tok is string {
  if (tok === undefined) return false;
  if (tok.startsWith("--")) return false;
  if (tok.startsWith("-") && tok.length > 1) {
    return (o.type === "number" || o.type === "integer") && /^-[\d.]/.test(tok);
  }
  return true;
}

/**
 * Parses `argv` (the words after the subcommand) against `spec`.
 * @example parseCommand(spec, ["--impl", "node a.mjs", "--case", "verify.*"])
 */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): ParseOutcome {
  const values: Record<string, unknown> = {};
  const given = new Set<string>();
  const positionals: string[] = [];
  const err = (message: string): ParseOutcome => ({ kind: "error", message });
  for (const [name, o] of Object.entries(spec.options)) {
    if (o.array) values[camel(name)] = Array.isArray(o.default) ? [...o.default] : [];
    else if (o.default !== undefined) values[camel(name)] = o.default;
    else if (o.type === "boolean") values[camel(name)] = false;
  }
  const names = Object.keys(spec.options);
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (onlyPositionals) {
      positionals.push(tok);
      continue;
    }
    if (tok === "--") {
      onlyPositionals = true;
      continue;
    }
    if (tok === "--help" || tok === "-h") return { kind: "help" };
    if (!tok.startsWith("-") || tok === "-") {
      positionals.push(tok);
      continue;
    }
    if (!tok.startsWith("--")) {
      return err(`Unknown option ${tok}${didYouMean(tok.replace(/^-+/, ""), names, (s) => `--${s}`)}`);
    }
    const eq = tok.indexOf("=");
    let name = eq >= 0 ? tok.slice(2, eq) : tok.slice(2);
    let inline = eq >= 0 ? tok.slice(eq + 1) : undefined;
    let o = spec.options[name];
    if (!o && name.startsWith("no-") && spec.options[name.slice(3)]?.type === "boolean") {
      if (inline !== undefined) return err(`Option --${name} takes no value`);
      name = name.slice(3);
      o = spec.options[name]!;
      inline = "false";
    }
    if (!o) return err(`Unknown option --${name}${didYouMean(name, names, (s) => `--${s}`)}`);
    let raw: string;
    if (inline !== undefined) raw = inline;
    else if (o.type === "boolean") raw = "true";
    else if (isValue(argv[i + 1], o)) raw = argv[++i]!;
    else return err(`Option --${name} needs a value (${o.value ?? o.type})`);
    const c = convert(name, o, raw);
    if ("error" in c) return err(c.error);
    const key = camel(name);
    if (o.array) (values[key] as unknown[]).push(c.v);
    else if (given.has(name)) return err(`Option --${name} is given twice; it takes one value`);
    else values[key] = c.v;
    given.add(name);
  }
  const ps = spec.positionals ?? [];
  let k = 0;
  for (const p of ps) {
    if (p.variadic) {
      const rest = positionals.slice(k);
      k = positionals.length;
      if (p.required && rest.length === 0) return err(`Missing <${p.name}>`);
      values[camel(p.name)] = rest;
      continue;
    }
    const v = positionals[k];
    if (v === undefined) {
      if (p.required) return err(`Missing <${p.name}>${p.choices ? ` (one of ${p.choices.join(", ")})` : ""}`);
      continue;
    }
    if (p.choices && !p.choices.includes(v)) {
      return err(`<${p.name}> must be one of ${p.choices.join(", ")}; got "${v}"${didYouMean(v, p.choices)}`);
    }
    values[camel(p.name)] = v;
    k++;
  }
  if (k < positionals.length) return err(`Unexpected argument "${positionals[k]}"`);
  return { kind: "args", args: Object.assign(values, { $given: given }) as ParsedArgs };
}

/** The `--help` text of a command. */
export function helpText(program: string, spec: CommandSpec): string {
  const ps = (spec.positionals ?? []).map((
    p,
  ) => (p.required ? `<${p.name}${p.variadic ? "..." : ""}>` : `[${p.name}${p.variadic ? "..." : ""}]`));
  const lines = [`Usage: ${program} ${spec.name}${ps.length ? ` ${ps.join(" ")}` : ""} [options]`, "", spec.summary];
  if ((spec.positionals ?? []).length) {
    lines.push("", "Arguments:");
    for (const p of spec.positionals!) {
      lines.push(`  ${p.name.padEnd(24)} ${p.describe}${p.choices ? ` (${p.choices.join(", ")})` : ""}`);
    }
  }
  lines.push("", "Options:");
  for (const [name, o] of Object.entries(spec.options)) {
    const flag = o.type === "boolean" ? `--${name}` : `--${name} ${o.value ?? (o.type === "string" ? "TEXT" : "N")}`;
    const extra = [
      o.choices ? `one of ${o.choices.join(", ")}` : "",
      o.array ? "repeatable" : "",
      o.default !== undefined && o.default !== false ? `default ${JSON.stringify(o.default)}` : "",
      o.type === "boolean" && o.default === true ? `--no-${name} turns it off` : "",
    ].filter(Boolean).join("; ");
    lines.push(`  ${flag.padEnd(24)} ${o.describe}${extra ? ` (${extra})` : ""}`);
  }
  lines.push(`  ${"--help".padEnd(24)} show this help`);
  if (spec.epilog) lines.push("", spec.epilog());
  return lines.join("\n");
}

/** Check helpers for OptionSpec.check. */
export const positive = (
  v: string | number,
) => (typeof v === "number" && v > 0 ? null : `expected a positive number, got ${v}`);
export const atLeastOne = (
  v: string | number,
) => (typeof v === "number" && v >= 1 ? null : `expected a whole number ≥ 1, got ${v}`);
export const nonEmpty = (v: string | number) => (String(v).trim() !== "" ? null : "expected a non-empty value");
