/**
 * Text helpers shared by the reporters: escaping for XML/HTML/terminals, compact and pretty rendering of
 * arbitrary (untrusted) values, and small formatters. Pure: no I/O, no clock.
 */

import { isFailing, VERDICTS } from "../results.ts";
import type { CaseResult, Verdict } from "../results.ts";

/** Characters XML 1.0 forbids: C0 controls other than tab/LF/CR, lone surrogates, U+FFFE and U+FFFF. */
const XML_ILLEGAL =
  // deno-lint-ignore no-control-regex -- the control characters are what this pattern finds
  /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Removes every character XML 1.0 does not allow (also used for HTML, where they are parse errors). */
export function stripXmlIllegal(s: string): string {
  return s.replace(XML_ILLEGAL, "");
}

/** Escapes text content for XML: strips illegal characters, escapes `&`, `<` and `>`. */
export function escapeXmlText(s: string): string {
  return stripXmlIllegal(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Escapes an XML attribute value (double-quoted); tab/LF/CR become character references so they survive normalisation.
 */
export function escapeXmlAttr(s: string): string {
  return escapeXmlText(s)
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;");
}

/** Escapes text for HTML text content and double-quoted attributes alike. */
export function escapeHtml(s: string): string {
  return stripXmlIllegal(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * Makes untrusted text safe for a terminal: C0/C1 controls and DEL (ANSI escape sequences included) become
 * visible `\xNN` escapes. With `oneLine`, newlines and tabs are escaped too.
 */
export function terminalSafe(s: string, oneLine = false): string {
  const re = oneLine
    // deno-lint-ignore no-control-regex -- the control characters are what this pattern finds
    ? /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g
    // deno-lint-ignore no-control-regex -- the control characters are what this pattern finds
    : /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/g;
  return stripLoneSurrogates(s).replace(re, (ch) => {
    if (ch === "\n") return "\\n";
    if (ch === "\r") return "\\r";
    if (ch === "\t") return "\\t";
    const code = ch.charCodeAt(0);
    return code > 0xff ? `\\u${code.toString(16).padStart(4, "0")}` : `\\x${code.toString(16).padStart(2, "0")}`;
  });
}

/** Replaces lone UTF-16 surrogates (not representable in UTF-8) with U+FFFD. */
export function stripLoneSurrogates(s: string): string {
  return s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD");
}

/**
 * Converts any value to plain JSON data: keeps key order, calls `toJSON`, turns bigint into strings, byte
 * arrays into hex, Map/Set into objects/arrays, Errors into `{name, message, code}`, and cycles into
 * `"[Circular]"`. Plain JSON data comes back deep-equal.
 */
export function toPlain(v: unknown, ancestors: object[] = [], depth = 0): unknown {
  if (v === null || typeof v === "string" || typeof v === "boolean") return v;
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "undefined" || typeof v === "function" || typeof v === "symbol") return undefined;
  if (depth > 64) return "[Too deep]";
  const o = v as Record<string, unknown>;
  if (ancestors.includes(o)) return "[Circular]";
  if (typeof o.toJSON === "function") return toPlain((o.toJSON as () => unknown)(), ancestors, depth + 1);
  if (v instanceof Uint8Array) return Array.from(v, (b) => b.toString(16).padStart(2, "0")).join("");
  const next = [...ancestors, o];
  if (Array.isArray(v)) return v.map((x) => toPlain(x, next, depth + 1) ?? null);
  if (v instanceof Map) return toPlain(Object.fromEntries(v), next, depth + 1);
  if (v instanceof Set) return toPlain([...v], next, depth + 1);
  if (v instanceof Error) {
    const e: Record<string, unknown> = { name: v.name, message: v.message };
    if ("code" in v) e.code = toPlain((v as { code: unknown }).code, next, depth + 1);
    return e;
  }
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) {
    const p = toPlain(x, next, depth + 1);
    if (p !== undefined) out[k] = p;
  }
  return out;
}

/** JSON text of any value (see toPlain); `undefined` at the top renders as the word "undefined". */
export function jsonText(v: unknown, indent?: number): string {
  const p = toPlain(v);
  return p === undefined ? "undefined" : JSON.stringify(p, null, indent);
}

/** Cuts a string to at most `max` characters, ending with "…" when it was cut. */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, Math.max(0, max - 1)) + "…";
}

/** One-line JSON of a value, cut to `max` characters. */
export function compact(v: unknown, max = 120): string {
  return truncate(jsonText(v), max);
}

/** Pretty JSON of a value, cut to `maxChars`; says whether it was cut. */
export function pretty(v: unknown, maxChars = 65536): { text: string; truncated: boolean } {
  const text = jsonText(v, 2);
  return text.length <= maxChars ? { text, truncated: false } : { text: text.slice(0, maxChars), truncated: true };
}

/** The area of a case id: the prefix before the first dot (`verify.mitm-differs` → `verify`). */
export function areaOf(id: string): string {
  const i = id.indexOf(".");
  return i > 0 ? id.slice(0, i) : id || "unnamed";
}

/** Elapsed time as `mm:ss`, or `h:mm:ss` from one hour. */
export function clock(ms: number): string {
  const total = Math.max(0, Math.floor((Number.isFinite(ms) ? ms : 0) / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(2, "0");
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** A duration for humans: `812 ms`, `1.23 s`, `2 min 05 s`. */
export function duration(ms: number): string {
  const v = Number.isFinite(ms) ? Math.max(0, ms) : 0;
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 60000) return `${(v / 1000).toFixed(2)} s`;
  const s = Math.round(v / 1000);
  return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, "0")} s`;
}

/** Seconds with millisecond precision, as JUnit's `time` attribute wants. */
export function seconds(ms: number): string {
  return ((Number.isFinite(ms) ? Math.max(0, ms) : 0) / 1000).toFixed(3);
}

/** An epoch-ms time as ISO 8601 UTC, or "unknown" when it is not a valid time. */
export function isoTime(ms: number): string {
  const d = new Date(ms);
  return Number.isFinite(d.getTime()) ? d.toISOString() : "unknown";
}

/**
 * True when a failing case (fail, timeout, crash, adapter-error) is listed as a known failure (shown as expected, not
 * as new).
 */
export function isKnownFailure(c: CaseResult): boolean {
  return isFailing(c.verdict) && c.known !== null && c.known !== undefined;
}

/** The words reports use for each verdict in totals. */
export const VERDICT_WORD: Record<Verdict, string> = {
  pass: "passed",
  fail: "failed",
  "precondition-failed": "precondition failed",
  timeout: "timed out",
  crash: "crashed",
  "adapter-error": "adapter errors",
  skip: "skipped",
  "not-run": "not run",
  info: "informational",
};

/**
 * The totals line every text report ends with: passed, failed, skipped and informational always; timed out, crashed,
 * adapter errors and not run when there are any.
 */
export function totalsLine(
  s: Partial<Record<Verdict, number>> & { pass: number; fail: number; skip: number; info: number; mustFailed: number },
): string {
  const parts = VERDICTS.filter((v) => ["pass", "fail", "skip", "info"].includes(v) || (s[v] ?? 0) > 0).map((v) =>
    `${s[v] ?? 0} ${VERDICT_WORD[v]}`
  );
  return `${parts.join(", ")} (MUST failed: ${s.mustFailed})`;
}
