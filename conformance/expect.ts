/**
 * `--expect FILE`: known failures with their reasons (SPEC §12.5). A known failure that passes is reported and fails
 * the run, so the file only ever shrinks (it ratchets).
 *
 * Format: `{ "version": 1, "failures": { "<case id>": "<reason>" } }`.
 */
import { ShieldCallError } from "../src/errors.ts";

/** Parsed expectations: case id → reason. */
export type Expectations = Map<string, string>;

/** Parses the text of an expect file; POLICY_INVALID naming the problem otherwise. */
export function parseExpectations(text: string): Expectations {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ShieldCallError("PROTO_PARSE", "Expect file is not valid JSON");
  }
  const o = json as { version?: unknown; failures?: unknown };
  if (typeof o !== "object" || o === null || o.version !== 1 || typeof o.failures !== "object" || o.failures === null || Array.isArray(o.failures)) {
    throw new ShieldCallError("POLICY_INVALID", 'Expect file must be {"version": 1, "failures": {"<case id>": "<reason>"}}');
  }
  const out: Expectations = new Map();
  for (const [id, reason] of Object.entries(o.failures as Record<string, unknown>)) {
    if (typeof reason !== "string" || reason.trim() === "") throw new ShieldCallError("POLICY_INVALID", `Expect file: case "${id}" needs a reason`);
    out.set(id, reason);
  }
  return out;
}
