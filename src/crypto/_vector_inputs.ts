/**
 * The inputs of a handshake test vector (SPEC §5, §13.10) and the structural check of a vector's `inputs` object; the
 * file format is documented in fixtures/vectors/README.md.
 */
import type { VectorKind } from "./_vector_build.ts";

/** A vector's inputs; binary values are lowercase hex (see fixtures/vectors/README.md). */
export interface VectorInputs {
  /** How the keys and fingerprints were made (informational): SHA-256("ShieldCall vector <seed> <label>"). */
  seed: string;
  callId: string;
  callerId: string;
  calleeId: string;
  /** The caller's offered versions (SPEC §5.1). */
  versions: number[];
  /** The version in the callee's accept (SPEC §5.2). */
  version: number;
  /** The offered versions the callee saw in `incoming`, when a service rewrote them (commitment-mismatch only). */
  seenVersions?: number[];
  /** The version the caller saw in `accepted`, when a service rewrote it (bad-version only). */
  seenVersion?: number;
  callerPrivateKey?: string;
  calleePrivateKey?: string;
  fpA: string;
  fpB: string;
  /** Attacker key/fingerprint shown to the callee in place of the caller's. */
  m1PrivateKey?: string;
  fpM1?: string;
  /** Attacker key/fingerprint shown to the caller in place of the callee's (mitm only). */
  m2PrivateKey?: string;
  fpM2?: string;
  /** A low-order public key sent as pkA or pkB (low-order only). */
  lowOrderKey?: string;
  lowOrderAs?: "pkA" | "pkB";
  /** The call id the commitment was made for, when not `callId` (commitment-mismatch only). */
  commitCallId?: string;
  /** The caller's offered media profiles (`invite.e2ee.profiles`, SPEC §13.10); absent when it sent none. */
  profiles?: string[];
  /** The callee's chosen profile as its accept carried it (SPEC §13.10); absent when the accept omitted it. */
  profile?: string;
  /** The offered profiles the callee saw in `incoming`, when a service rewrote them; null: dropped. */
  seenProfiles?: string[] | null;
  /** The chosen profile the caller saw in `accepted`, when a service rewrote it (bad-profile only). */
  seenProfile?: string;
  /** The profiles the callee implements, when the vector is its choice failing (bad-profile only). */
  calleeImplements?: string[];
}

/** A field-level problem in a vector's inputs. */
export interface InputProblem {
  field: string;
  expected: string;
  actual: string;
}

const HEX_FIELDS = [
  "callerPrivateKey",
  "calleePrivateKey",
  "fpA",
  "fpB",
  "m1PrivateKey",
  "fpM1",
  "m2PrivateKey",
  "fpM2",
  "lowOrderKey",
] as const;
const STRING_FIELDS = ["seed", "callId", "callerId", "calleeId", "commitCallId", "lowOrderAs"] as const;
const VERSION_FIELDS = ["versions", "version", "seenVersions", "seenVersion"] as const;
const PROFILE_FIELDS = ["profiles", "profile", "seenProfiles", "seenProfile", "calleeImplements"] as const;

function required(kind: VectorKind, lowOrderAs: unknown, calleeImplements: unknown): string[] {
  const base = ["seed", "callId", "callerId", "calleeId", "versions", "version", "fpA", "fpB"];
  switch (kind) {
    case "honest":
    case "leading-zero":
    case "commitment-mismatch":
    case "bad-version":
      return [...base, "callerPrivateKey", "calleePrivateKey"];
    case "bad-profile": // a callee that cannot choose stops before it uses its key
      return [...base, "callerPrivateKey", ...(calleeImplements === undefined ? ["calleePrivateKey"] : [])];
    case "mitm":
      return [...base, "callerPrivateKey", "calleePrivateKey", "m1PrivateKey", "fpM1", "m2PrivateKey", "fpM2"];
    case "low-order":
      return [...base, "lowOrderKey", "lowOrderAs", lowOrderAs === "pkA" ? "calleePrivateKey" : "callerPrivateKey"];
  }
}

function show(v: unknown): string {
  return v === undefined ? "(missing)" : typeof v === "string" ? v : JSON.stringify(v);
}

/** Checks a vector's raw `inputs` for its kind: required fields, 64-digit lowercase hex, strings. */
export function readInputs(kind: VectorKind, raw: unknown): { inputs?: VectorInputs; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return { problems: [{ field: "inputs", expected: "an object", actual: show(raw) }] };
  }
  const r = raw as Record<string, unknown>;
  const allowed = new Set<string>([...HEX_FIELDS, ...STRING_FIELDS, ...VERSION_FIELDS, ...PROFILE_FIELDS]);
  for (const k of Object.keys(r)) {
    if (!allowed.has(k)) problems.push({ field: `inputs.${k}`, expected: "(absent)", actual: show(r[k]) });
  }
  for (const k of required(kind, r.lowOrderAs, r.calleeImplements)) {
    if (r[k] === undefined) problems.push({ field: `inputs.${k}`, expected: "a value", actual: "(missing)" });
  }
  for (const k of HEX_FIELDS) {
    const v = r[k];
    if (v !== undefined && (typeof v !== "string" || !/^[0-9a-f]{64}$/.test(v))) {
      problems.push({ field: `inputs.${k}`, expected: "64 lowercase hex digits", actual: show(v) });
    }
  }
  for (const k of STRING_FIELDS) {
    const v = r[k];
    if (v !== undefined && typeof v !== "string") {
      problems.push({ field: `inputs.${k}`, expected: "a string", actual: show(v) });
    }
  }
  for (const k of VERSION_FIELDS) {
    const v = r[k];
    const isByte = (x: unknown) => Number.isInteger(x) && (x as number) >= 1 && (x as number) <= 255;
    const ok = k.endsWith("s") ? Array.isArray(v) && v.every(isByte) : isByte(v);
    if (v !== undefined && !ok) {
      problems.push({
        field: `inputs.${k}`,
        expected: k.endsWith("s") ? "an array of 1-255" : "1-255",
        actual: show(v),
      });
    }
  }
  for (const k of PROFILE_FIELDS) {
    const v = r[k];
    // SPEC §13.10: names are strings (whether they are known names is the implementation's check)
    const ok = k === "profile" || k === "seenProfile"
      ? typeof v === "string"
      : (k === "seenProfiles" && v === null) || (Array.isArray(v) && v.every((x) => typeof x === "string"));
    if (v !== undefined && !ok) {
      const expected = k.endsWith("e")
        ? "a string"
        : k === "seenProfiles"
        ? "an array of strings or null"
        : "an array of strings";
      problems.push({ field: `inputs.${k}`, expected, actual: show(v) });
    }
  }
  if (r.lowOrderAs !== undefined && r.lowOrderAs !== "pkA" && r.lowOrderAs !== "pkB") {
    problems.push({ field: "inputs.lowOrderAs", expected: '"pkA" or "pkB"', actual: show(r.lowOrderAs) });
  }
  return problems.length > 0 ? { problems } : { inputs: r as unknown as VectorInputs, problems };
}
