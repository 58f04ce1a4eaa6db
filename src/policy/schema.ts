/**
 * The policy document (SPEC §3.5) as a TypeBox schema: the structure of a declarative policy file and of the store's
 * persisted state. `structuralErrors` checks a value against it and words each error the way the store words the
 * same problem (the `*Problem` functions of _validate.ts), with its JSON-pointer path (RFC 6901). The rules that
 * relate one part of a document to another (duplicates, references, the setting a policy hides) are in _document.ts.
 * `policySchemaJson` is the published JSON Schema (fixtures/schemas/policy/, written by `shieldcall schemas`).
 */
import { type TSchema, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import {
  boolProblem,
  idProblem,
  MAX_TEXT,
  rankProblem,
  show,
  textProblem,
  tokenProblem,
  valueProblem,
} from "./_validate.ts";
import { ID_PATTERN, TOKEN_PATTERN } from "./_validate.ts";

/** Which `*Problem` words an error of a schema node (a custom keyword, ignored by JSON Schema validators). */
const PROBLEM = "x-problem";
const problems: Record<string, (v: unknown) => string | null> = {
  id: idProblem,
  token: tokenProblem,
  text: textProblem,
  value: valueProblem,
  rank: rankProblem,
  bool: boolProblem,
  ref: (v) => (v === null ? null : idProblem(v)),
  version: (v) => (v === 1 ? null : `expected version 1, got ${show(v)}`),
  array: (v) => (Array.isArray(v) ? null : `expected an array, got ${show(v)}`),
  object: (v) => `expected an object, got ${show(v)}`,
  expiresAt: () => "expected Unix time in ms (an integer ≥ 0)",
};

// SPEC §3.1: ids are 1–128 characters, ASCII letter or digit first; tokens 8–256 URL-safe characters; free text at
// most 256 characters without control characters.
const Id = Type.String({ pattern: ID_PATTERN.source, [PROBLEM]: "id" });
const Token = Type.String({ pattern: TOKEN_PATTERN.source, [PROBLEM]: "token" });
const Text = Type.String({ maxLength: MAX_TEXT, pattern: "^[^\\u0000-\\u001f\\u007f]*$", [PROBLEM]: "text" });
// SPEC §3.1: a policy's value.
const PolicyValue = Type.Union([Type.Literal("disabled"), Type.Literal("userControlled")], { [PROBLEM]: "value" });
// SPEC §3.2: a group's rank orders precedence; any safe integer.
const Rank = Type.Integer({ minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, [PROBLEM]: "rank" });
// SPEC §3.5: an omitted setting or compliance flag means false (P3); an omitted policy means none (null).
const Flag = Type.Boolean({ default: false, [PROBLEM]: "bool" });
const PolicyRef = Type.Union([Id, Type.Null()], { default: null, [PROBLEM]: "ref" });
const list = <T extends TSchema>(item: T) => Type.Array(item, { default: [], [PROBLEM]: "array" });
const closed = { additionalProperties: false, [PROBLEM]: "object" } as const;

/** SPEC §3.5, §10: a token that expires (Unix ms). */
export const ExpiringTokenSchema = Type.Object({
  token: Token,
  expiresAt: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, [PROBLEM]: "expiresAt" }),
}, closed);

/** SPEC §3.5: a token is a string, or {token, expiresAt} for one that expires (§10). */
export const TokenEntrySchema = Type.Union([Token, ExpiringTokenSchema], { [PROBLEM]: "token" });

export const PolicyDocSchema = Type.Object({
  id: Id,
  value: PolicyValue,
  description: Type.Optional(Text),
}, closed);

export const GroupDocSchema = Type.Object({
  id: Id,
  rank: Rank,
  members: Type.Optional(list(Id)),
  policy: Type.Optional(PolicyRef),
}, closed);

export const UserDocSchema = Type.Object({
  id: Id,
  displayName: Type.Optional(Text),
  policy: Type.Optional(PolicyRef),
  e2ee: Type.Optional(Flag),
  complianceRecording: Type.Optional(Flag),
  tokens: Type.Optional(list(TokenEntrySchema)),
}, closed);

export const TenantDocSchema = Type.Object({
  id: Id,
  name: Type.Optional(Text),
  // SPEC §3.1 (P1): a tenant's global policy starts disabled.
  globalPolicy: Type.Optional(Type.Union(PolicyValue.anyOf, { default: "disabled", [PROBLEM]: "value" })),
  policies: Type.Optional(list(PolicyDocSchema)),
  groups: Type.Optional(list(GroupDocSchema)),
  users: Type.Optional(list(UserDocSchema)),
}, closed);

/** A policy document, version 1 (SPEC §3.5). */
export const PolicyDocumentSchema = Type.Object({
  version: Type.Literal(1, { [PROBLEM]: "version" }),
  tenants: Type.Array(TenantDocSchema, { [PROBLEM]: "array" }),
}, closed);

/** One error in a policy document: where (JSON pointer) and what. */
export interface PathError {
  path: string;
  message: string;
}

/**
 * Every structural error of `json` against `schema`, one per path, worded like the store's own checks: an unknown
 * property, a missing required one, or the problem of the value at that path.
 */
export function structuralErrors(schema: TSchema, json: unknown, base = ""): PathError[] {
  const out = new Map<string, string>();
  for (const e of Value.Errors(schema, json)) {
    const path = base + e.path;
    if (out.has(path) || [...out.keys()].some((p) => path.startsWith(`${p}/`))) continue;
    const kind = (e.schema as Record<string, unknown>)[PROBLEM] as string | undefined;
    if (e.message === "Unexpected property") {
      out.set(path, `unknown property ${show(unescape(path.slice(path.lastIndexOf("/") + 1)))}`);
    } else if (e.message === "Expected required property") {
      out.set(path, `missing required property ${show(unescape(path.slice(path.lastIndexOf("/") + 1)))}`);
    } else if (kind === "token" && typeof e.value === "object" && e.value !== null && !Array.isArray(e.value)) {
      // An expiring token: report what is wrong inside it, first problem only (the token value is never echoed).
      const inner = structuralErrors(ExpiringTokenSchema, e.value, path)[0];
      if (inner) out.set(inner.path, inner.message.startsWith("unknown property") ? "unknown property" : inner.message);
    } else {
      out.set(path, problems[kind ?? ""]?.(e.value) ?? `invalid value ${show(e.value)}`);
    }
  }
  return [...out].map(([path, message]) => ({ path, message }));
}

/** RFC 6901 §4: the key a reference token names. */
function unescape(token: string): string {
  return token.replaceAll("~1", "/").replaceAll("~0", "~");
}

/** The published JSON Schema of the policy document (draft 2020-12; `x-problem` is an annotation). */
export function policySchemaJson(): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://shieldcall.dev/schemas/policy/policy-document.schema.json",
    title: "ShieldCall policy document",
    description: "A declarative policy file, version 1 (SPEC §3.5). References between its parts (unique ids, " +
      "policy and member references, a setting the effective policy hides) are checked by the loader.",
    ...JSON.parse(JSON.stringify(PolicyDocumentSchema)),
  };
}
