/**
 * Command lines as words: `--impl "node my adapter.mjs"` split into argv the way a POSIX shell would, and the
 * reproduction command a report prints for a case (SPEC §12.6), quoted for a shell.
 */
import type { Case } from "../../conformance/case.ts";
import { shellQuote } from "./_checks.ts";

/** Splits a command line into argv: whitespace separates words; single and double quotes group; backslash escapes. */
export function splitCommand(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quote: string | null = null;
  let any = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === "\\" && quote === '"' && i + 1 < s.length) cur += s[++i];
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      any = true;
    } else if (ch === "\\" && i + 1 < s.length) {
      cur += s[++i];
      any = true;
    } else if (/\s/.test(ch)) {
      if (any || cur) out.push(cur);
      cur = "";
      any = false;
    } else {
      cur += ch;
    }
  }
  if (quote) throw new RangeError(`Unterminated ${quote} quote in command "${s}"`);
  if (any || cur) out.push(cur);
  return out;
}

/** The reproduction command of one case (SPEC §12.6): the same implementation, that case alone, its seed. */
export function reproduceCommand(
  a: { impl?: string | undefined; timeout: number },
  c: Pick<Case, "id" | "level">,
  seed: number,
): string {
  const words = ["npx", "shieldcall", "conformance"];
  if (a.impl) words.push("--impl", shellQuote(a.impl));
  words.push("--case", shellQuote(c.id), "--seed", String(seed));
  if (c.level === "SHOULD") words.push("--strict");
  if (a.timeout !== 60) words.push("--timeout", String(a.timeout));
  return words.join(" ");
}
