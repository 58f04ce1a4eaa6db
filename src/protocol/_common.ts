/**
 * Internal helpers shared by the signaling (SPEC §6) and driver (SPEC §7) schemas and parsers:
 * common field types, UTF-8 size accounting, and turning a TypeBox error into a one-line message.
 */
import { type TSchema, type TUnsafe, Type } from "@sinclair/typebox";
import { type TypeCheck, type ValueError, ValueErrorType } from "@sinclair/typebox/compiler";
import { ERROR_CODES, type ErrorCode } from "../errors.ts";

/** SPEC §6: ids (callId, user ids, rid, …) are 1–128 chars of `[A-Za-z0-9._:@-]`. */
export const ID_PATTERN = "^[A-Za-z0-9._:@-]+$";
/** SPEC §6: the longest id. */
export const MAX_ID_CHARS = 128;
/** SPEC §6 (§5.1): 32 bytes as canonical base64url without padding (43 chars, last char carries 2 zero bits). */
export const B64URL_32_PATTERN = "^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$";
/** SPEC §6: feature and event names are lower-case words joined by `-` or `.` (1–64 chars). */
export const NAME_PATTERN = "^[a-z][a-z0-9.-]*$";
/** SPEC §6: the longest feature or event name. */
export const MAX_NAME_CHARS = 64;

/** An id string (SPEC §6). */
export function Id(description?: string) {
  return Type.String({
    minLength: 1,
    maxLength: MAX_ID_CHARS,
    pattern: ID_PATTERN,
    ...(description ? { description } : {}),
  });
}

/** A 32-byte binary field as base64url without padding (SPEC §5.1, §6). */
export function B64Url32(description: string) {
  return Type.String({ minLength: 43, maxLength: 43, pattern: B64URL_32_PATTERN, description });
}

/** A feature or event name (SPEC §6). */
export function Name(description: string) {
  return Type.String({ minLength: 1, maxLength: MAX_NAME_CHARS, pattern: NAME_PATTERN, description });
}

/** A free-form JSON object (feature args/results, event data). */
export function FreeObject(description: string) {
  return Type.Record(Type.String(), Type.Unknown(), { description });
}

/** A string that is one of `values`; exported as `enum` in JSON Schema, typed as the literal union. */
export function OneOf<T extends string>(values: readonly T[], description?: string): TUnsafe<T> {
  const u = Type.Union(values.map((v) => Type.Literal(v)), description ? { description } : {});
  return u as unknown as TUnsafe<T>;
}

/** Every error code of SPEC §9, in declaration order. */
export const ERROR_CODE_LIST = Object.keys(ERROR_CODES) as ErrorCode[];

/** A stable error code (SPEC §9). */
export function ErrorCodeSchema(description = "A stable error code (SPEC §9)") {
  return OneOf<ErrorCode>(ERROR_CODE_LIST, description);
}

/** True when `v` is a non-null, non-array object. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** True when `v` is a valid id (SPEC §6). */
export function isId(v: unknown): v is string {
  return typeof v === "string" && v.length >= 1 && v.length <= MAX_ID_CHARS && /^[A-Za-z0-9._:@-]+$/.test(v);
}

/**
 * The UTF-8 byte length of `s` once encoded, stopping early above `limit`
 * (lone surrogates count 3 bytes, as TextEncoder replaces them with U+FFFD).
 */
export function utf8Length(s: string, limit = Infinity): number {
  if (s.length > limit) return s.length; // every UTF-16 unit is at least one byte
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
    if (n > limit) return n;
  }
  return n;
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Decodes strict UTF-8, or returns null when `bytes` is not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** `s` quoted as JSON, cut to `max` chars first so error messages stay bounded. */
export function quote(s: string, max = 64): string {
  return JSON.stringify(s.length > max ? `${s.slice(0, max)}…` : s);
}

/** A JSON pointer made printable and bounded: `/to`, `/description/sdp`, or `/` for the root. */
function printablePath(path: string): string {
  if (path === "") return "/";
  const p = path.length > 96 ? `${path.slice(0, 96)}…` : path;
  // Property names come from the sender: keep only printable ASCII.
  return p.replace(/[^\x20-\x7e…]/g, "?");
}

/** The rule of a union as a phrase: its literal values, or its members' types. */
function unionText(schema: TSchema): string {
  const members = (schema.anyOf ?? []) as TSchema[];
  const literal = (m: TSchema) => "const" in m || m.type === "null";
  if (members.every(literal)) {
    const names = members.map((m) => ("const" in m ? JSON.stringify(m.const) : "null"));
    return names.length <= 6
      ? `must be one of ${names.join(", ")}`
      : `must be one of the ${names.length} allowed values`;
  }
  const names = members.map((m) => {
    if (literal(m)) return "const" in m ? JSON.stringify(m.const) : "null";
    if (Array.isArray(m.anyOf)) return `one of ${m.anyOf.length} values`;
    const article = /^[aeiou]/.test(String(m.type)) ? "an" : "a";
    return `${article} ${String(m.type ?? "value")}${
      typeof m.pattern === "string" ? ` matching ${JSON.stringify(m.pattern)}` : ""
    }`;
  });
  return `must be ${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

/** The length rule of a string schema as a phrase. */
function lengthText(s: Record<string, unknown>): string {
  const chars = (n: unknown) => `${n} character${n === 1 ? "" : "s"}`;
  if (s.minLength !== undefined && s.minLength === s.maxLength) return `must be exactly ${chars(s.minLength)}`;
  if (s.minLength !== undefined && s.maxLength !== undefined) return `must be ${s.minLength} to ${chars(s.maxLength)}`;
  return s.minLength !== undefined ? `must be at least ${chars(s.minLength)}` : `must be at most ${chars(s.maxLength)}`;
}

/** One TypeBox error as a short phrase naming its path: `/to must match pattern "^[…]+$"`. */
export function describeError(e: ValueError): string {
  const at = printablePath(e.path);
  const s = e.schema as Record<string, unknown>;
  switch (e.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return `${at} is required`;
    case ValueErrorType.ObjectAdditionalProperties:
      return `${at} is not allowed`;
    case ValueErrorType.String:
      return `${at} must be a string`;
    case ValueErrorType.StringMinLength:
    case ValueErrorType.StringMaxLength:
      return `${at} ${lengthText(s)}`;
    case ValueErrorType.StringPattern:
      return `${at} must match pattern ${JSON.stringify(s.pattern)}`;
    case ValueErrorType.Boolean:
      return `${at} must be a boolean`;
    case ValueErrorType.Integer:
      return `${at} must be an integer`;
    case ValueErrorType.Number:
      return `${at} must be a number`;
    case ValueErrorType.IntegerMinimum:
    case ValueErrorType.NumberMinimum:
      return `${at} must be at least ${s.minimum}`;
    case ValueErrorType.IntegerMaximum:
    case ValueErrorType.NumberMaximum:
      return `${at} must be at most ${s.maximum}`;
    case ValueErrorType.Object:
      return `${at} must be an object`;
    case ValueErrorType.Array:
      return `${at} must be an array`;
    case ValueErrorType.ArrayMinItems:
      return `${at} must have at least ${s.minItems} item${s.minItems === 1 ? "" : "s"}`;
    case ValueErrorType.ArrayMaxItems:
      return `${at} must have at most ${s.maxItems} items`;
    case ValueErrorType.ArrayContains:
      return `${at} must contain ${
        JSON.stringify((s.contains as { const?: unknown } | undefined)?.const ?? "a match")
      }`;
    case ValueErrorType.ArrayUniqueItems:
      return `${at} must not repeat items`;
    case ValueErrorType.Literal:
      return `${at} must be ${JSON.stringify(s.const)}`;
    case ValueErrorType.Null:
      return `${at} must be null`;
    case ValueErrorType.Union:
      return `${at} ${unionText(e.schema)}`;
    default:
      return `${at} is invalid`;
  }
}

/** The first schema error of `value` as a phrase, or null when `value` is valid. */
export function firstError(check: TypeCheck<TSchema>, value: unknown): { path: string; text: string } | null {
  if (check.Check(value)) return null;
  const e = check.Errors(value).First();
  // Check() and Errors() agree for every schema here; the fallback keeps the parser total regardless.
  return e ? { path: e.path, text: describeError(e) } : { path: "", text: "/ is invalid" };
}

/** SPEC §7, §13: the media profiles an implementation declares in `hello`, a caller offers and a call reports. */
export const MEDIA_PROFILES = ["dtls-srtp", "sframe"] as const;
/** A media profile (SPEC §7, §13). */
export type MediaProfile = (typeof MEDIA_PROFILES)[number];
