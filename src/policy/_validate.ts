/**
 * Input checks shared by the store and the policy-file loader (SPEC §3.1). Each `*Problem` function returns
 * a message describing what is wrong with a value, or null when it is acceptable.
 */
import { ShieldCallError } from "../errors.ts";
import { POLICY_VALUES, type PolicyValue } from "./types.ts";

/** SPEC §3.1: ids of tenants, users, groups and policies: 1–128 characters, ASCII letter or digit first. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

/** SPEC §3.1: bearer tokens: 8–256 URL-safe characters. */
export const TOKEN_PATTERN = /^[A-Za-z0-9._~-]{8,256}$/;

/** SPEC §3.1: longest tenant name, display name or description. */
export const MAX_TEXT = 256;

/** A short, safe rendering of any value for an error message. */
export function show(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "number") return String(v);
  return `a ${typeof v}`;
}

/** Problem with an id, or null. */
export function idProblem(v: unknown): string | null {
  if (typeof v !== "string") return `expected a string id, got ${show(v)}`;
  if (!ID_PATTERN.test(v)) {
    return `id ${show(v)} must be 1–128 characters of A–Z a–z 0–9 . _ @ - starting with a letter or digit`;
  }
  return null;
}

/** Problem with a token, or null. */
export function tokenProblem(v: unknown): string | null {
  if (typeof v !== "string") return `expected a string token, got ${show(v)}`;
  if (!TOKEN_PATTERN.test(v)) return "token must be 8–256 characters of A–Z a–z 0–9 . _ ~ -";
  return null;
}

/** Problem with a policy value, or null. */
export function valueProblem(v: unknown): string | null {
  if (typeof v === "string" && (POLICY_VALUES as readonly string[]).includes(v)) return null;
  return `expected "disabled" or "userControlled", got ${show(v)}`;
}

/** Problem with a group rank, or null. */
export function rankProblem(v: unknown): string | null {
  if (typeof v === "number" && Number.isSafeInteger(v)) return null;
  return `rank must be a safe integer, got ${show(v)}`;
}

/** Problem with a boolean, or null. */
export function boolProblem(v: unknown): string | null {
  return typeof v === "boolean" ? null : `expected a boolean, got ${show(v)}`;
}

/** Problem with a free-text field (name, display name, description), or null. */
export function textProblem(v: unknown): string | null {
  if (typeof v !== "string") return `expected a string, got ${show(v)}`;
  if (v.length > MAX_TEXT) return `text must be at most ${MAX_TEXT} characters, got ${v.length}`;
  // deno-lint-ignore no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(v)) return "text must not contain control characters";
  return null;
}

/** Throws POLICY_INVALID naming `what` when `problem` is not null. */
export function check(problem: string | null, what: string): void {
  if (problem !== null) throw new ShieldCallError("POLICY_INVALID", `Invalid ${what}: ${problem}`);
}

/** Validates an id and returns it typed. */
export function checkId(v: unknown, what: string): string {
  check(idProblem(v), what);
  return v as string;
}

/** Validates a policy value and returns it typed. */
export function checkValue(v: unknown): PolicyValue {
  check(valueProblem(v), "policy value");
  return v as PolicyValue;
}

/** Validates an optional free-text field (undefined allowed). */
export function checkOptText(v: unknown, what: string): string | undefined {
  if (v === undefined) return undefined;
  check(textProblem(v), what);
  return v as string;
}

/** Validates that `v` is a plain object (not null, not an array) and returns it typed. */
export function checkObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new ShieldCallError("POLICY_INVALID", `Invalid ${what}: expected an object, got ${show(v)}`);
  }
  return v as Record<string, unknown>;
}

/** Rejects keys of `obj` not in `allowed` (catches typos such as `e2EE`). */
export function checkKeys(obj: Record<string, unknown>, allowed: readonly string[], what: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k)) {
      throw new ShieldCallError("POLICY_INVALID", `Invalid ${what}: unknown property ${show(k)}`);
    }
  }
}
