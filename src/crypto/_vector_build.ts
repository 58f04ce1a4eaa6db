/**
 * Computes what each side of a test vector sees and derives (SPEC §5.2–§5.6), step by step, with a pluggable
 * implementation so the same code generates the vectors and checks another implementation against them.
 */
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { isShieldCallError } from "../errors.ts";
import { checkCommitment, commitment } from "./commitment.ts";
import { confirmTag } from "./confirm.ts";
import type { Role } from "./handshake.ts";
import { publicKeyFromPrivate, sharedSecret } from "./keys.ts";
import { formatNumber, numberFromOkm } from "./number.ts";
import { type KeySchedule, keySchedule } from "./schedule.ts";
import { encodeTranscript, type TranscriptFields, transcriptHash } from "./transcript.ts";
import { checkChosenVersion } from "./versions.ts";

/** What a vector exercises. */
export type VectorKind = "honest" | "mitm" | "low-order" | "commitment-mismatch" | "leading-zero" | "bad-version";
/** Every vector kind. */
export const VECTOR_KINDS: readonly VectorKind[] = [
  "honest",
  "mitm",
  "low-order",
  "commitment-mismatch",
  "leading-zero",
  "bad-version",
];

/** The handshake primitives a vector check runs; swap one out to test another implementation or a broken one. */
export interface HandshakeImpl {
  publicKey(privateKey: Uint8Array): Uint8Array;
  commitment(callId: string, versions: readonly number[], pkA: Uint8Array, fpA: Uint8Array): Uint8Array;
  checkCommitment(
    commit: Uint8Array,
    callId: string,
    versions: readonly number[],
    pkA: Uint8Array,
    fpA: Uint8Array,
  ): void;
  checkChosenVersion(versions: readonly number[], version: number): void;
  encodeTranscript(fields: TranscriptFields): Uint8Array;
  transcriptHash(transcript: Uint8Array): Uint8Array;
  sharedSecret(privateKey: Uint8Array, peerPublicKey: Uint8Array): Uint8Array;
  keySchedule(ss: Uint8Array, th: Uint8Array): KeySchedule;
  numberFromOkm(okm: Uint8Array): string;
  formatNumber(n: string): string;
  confirmTag(role: Role, key: Uint8Array, th: Uint8Array): Uint8Array;
}

/** This package's implementation of the primitives. */
export const referenceImpl: HandshakeImpl = {
  publicKey: publicKeyFromPrivate,
  commitment,
  checkCommitment,
  encodeTranscript,
  transcriptHash,
  sharedSecret,
  keySchedule,
  numberFromOkm,
  formatNumber,
  checkChosenVersion,
  confirmTag,
};

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
}

/** One side's view: the fields as it saw them and what it derived, all hex except number and display. */
export interface SideView {
  versions: number[];
  version: number;
  pkA: string;
  fpA: string;
  pkB: string;
  fpB: string;
  commit: string;
  recomputedCommit?: string;
  transcript?: string;
  transcriptHash?: string;
  sharedSecret?: string;
  okm?: string;
  /** kA and kB (SPEC §5.9). */
  callerConfirmKey?: string;
  calleeConfirmKey?: string;
  /** Reserved SFrame base keys (SPEC §5.5). */
  callerSframeKey?: string;
  calleeSframeKey?: string;
  number?: string;
  display?: string;
  /** tagA and tagB (SPEC §5.9), each computed by this side from its own keys. */
  callerTag?: string;
  calleeTag?: string;
}

/** What a vector's inputs lead to. */
export interface VectorOutcome {
  caller?: SideView;
  callee?: SideView;
  numbersMatch?: boolean;
  expectError?: string;
  failingSide?: Role;
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

function required(kind: VectorKind, lowOrderAs: unknown): string[] {
  const base = ["seed", "callId", "callerId", "calleeId", "versions", "version", "fpA", "fpB"];
  switch (kind) {
    case "honest":
    case "leading-zero":
    case "commitment-mismatch":
    case "bad-version":
      return [...base, "callerPrivateKey", "calleePrivateKey"];
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
  const allowed = new Set<string>([...HEX_FIELDS, ...STRING_FIELDS, ...VERSION_FIELDS]);
  for (const k of Object.keys(r)) {
    if (!allowed.has(k)) problems.push({ field: `inputs.${k}`, expected: "(absent)", actual: show(r[k]) });
  }
  for (const k of required(kind, r.lowOrderAs)) {
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
  if (r.lowOrderAs !== undefined && r.lowOrderAs !== "pkA" && r.lowOrderAs !== "pkB") {
    problems.push({ field: "inputs.lowOrderAs", expected: '"pkA" or "pkB"', actual: show(r.lowOrderAs) });
  }
  return problems.length > 0 ? { problems } : { inputs: r as unknown as VectorInputs, problems };
}

/** What one side saw, before it derives anything. */
interface Seen {
  role: Role;
  versions: number[];
  version: number;
  privateKey: Uint8Array;
  commit: Uint8Array;
  pkA: Uint8Array;
  fpA: Uint8Array;
  pkB: Uint8Array;
  fpB: Uint8Array;
}

function errorText(e: unknown): string {
  if (isShieldCallError(e)) return e.code;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Runs one side's steps in SPEC order, recording each intermediate; stops at the first error. */
function runSide(s: Seen, inp: VectorInputs, impl: HandshakeImpl): { view: SideView; error?: string } {
  const view: SideView = {
    versions: s.versions,
    version: s.version,
    pkA: bytesToHex(s.pkA),
    fpA: bytesToHex(s.fpA),
    pkB: bytesToHex(s.pkB),
    fpB: bytesToHex(s.fpB),
    commit: bytesToHex(s.commit),
  };
  try {
    // SPEC §5.2: the callee recomputes the commitment from the revealed pkA and the fpA of the caller's SDP
    // SPEC §5.2: the caller first checks that the accept's version is one it offered
    if (s.role === "caller") impl.checkChosenVersion(s.versions, s.version);
    if (s.role === "callee") {
      view.recomputedCommit = bytesToHex(impl.commitment(inp.callId, s.versions, s.pkA, s.fpA));
      impl.checkCommitment(s.commit, inp.callId, s.versions, s.pkA, s.fpA);
    }
    // SPEC §5.4: transcript of the fields as this side saw them
    const t = impl.encodeTranscript({
      callId: inp.callId,
      callerId: inp.callerId,
      calleeId: inp.calleeId,
      versions: s.versions,
      version: s.version,
      commit: s.commit,
      pkA: s.pkA,
      fpA: s.fpA,
      pkB: s.pkB,
      fpB: s.fpB,
    });
    view.transcript = bytesToHex(t);
    const th = impl.transcriptHash(t);
    view.transcriptHash = bytesToHex(th);
    // SPEC §5.3: X25519 with the peer key as received
    const ss = impl.sharedSecret(s.privateKey, s.role === "caller" ? s.pkB : s.pkA);
    view.sharedSecret = bytesToHex(ss);
    // SPEC §5.5, §5.6
    const ks = impl.keySchedule(ss, th);
    view.okm = bytesToHex(ks.okm);
    view.callerConfirmKey = bytesToHex(ks.confirmKeys.caller);
    view.calleeConfirmKey = bytesToHex(ks.confirmKeys.callee);
    view.callerSframeKey = bytesToHex(ks.sframeKeys.caller);
    view.calleeSframeKey = bytesToHex(ks.sframeKeys.callee);
    view.number = impl.numberFromOkm(ks.okm);
    view.display = impl.formatNumber(view.number);
    // SPEC §5.9: both tags of the call from this side's keys (it sends its own, verifies the peer's)
    view.callerTag = bytesToHex(impl.confirmTag("caller", ks.confirmKeys.caller, th));
    view.calleeTag = bytesToHex(impl.confirmTag("callee", ks.confirmKeys.callee, th));
    return { view };
  } catch (e) {
    return { view, error: errorText(e) };
  }
}

/**
 * Computes every intermediate of a vector from its inputs with `impl` (SPEC §5.2–§5.6, §5.9). Scenario by kind:
 * honest/leading-zero both sides see the real values; mitm the caller sees (pkM2, fpM2) and the callee sees
 * the attacker's commitment and (pkM1, fpM1); low-order one side receives `lowOrderKey`; commitment-mismatch the
 * callee receives the caller's commitment but a revealed key (pkM1), offer fingerprint (fpM1), offered versions
 * (`seenVersions`) or call id that differs; bad-version the caller sees a chosen version (`seenVersion`) it never
 * offered.
 */
export function buildOutcome(kind: VectorKind, inp: VectorInputs, impl: HandshakeImpl): VectorOutcome {
  const hex = (v: string | undefined) => hexToBytes(v!);
  const out: VectorOutcome = {};
  const sides: Array<{ role: Role; seen: Seen }> = [];
  const fpA = hex(inp.fpA), fpB = hex(inp.fpB);
  const versions = inp.versions, version = inp.version;
  const v = { versions, version };
  if (kind === "low-order") {
    const low = hex(inp.lowOrderKey);
    if (inp.lowOrderAs === "pkB") {
      const skA = hex(inp.callerPrivateKey), pkA = impl.publicKey(skA);
      const commit = impl.commitment(inp.callId, versions, pkA, fpA);
      sides.push({ role: "caller", seen: { role: "caller", ...v, privateKey: skA, commit, pkA, fpA, pkB: low, fpB } });
    } else {
      const skB = hex(inp.calleePrivateKey), pkB = impl.publicKey(skB);
      // the attacker commits to the low-order key, so the commitment check passes and X25519 must catch it
      const commit = impl.commitment(inp.callId, versions, low, fpA);
      sides.push({ role: "callee", seen: { role: "callee", ...v, privateKey: skB, commit, pkA: low, fpA, pkB, fpB } });
    }
  } else {
    const skA = hex(inp.callerPrivateKey), pkA = impl.publicKey(skA);
    const skB = hex(inp.calleePrivateKey), pkB = impl.publicKey(skB);
    const commitCallId = kind === "commitment-mismatch" ? inp.commitCallId ?? inp.callId : inp.callId;
    const commitA = impl.commitment(commitCallId, versions, pkA, fpA);
    const honestA: Seen = { role: "caller", ...v, privateKey: skA, commit: commitA, pkA, fpA, pkB, fpB };
    if (kind === "honest" || kind === "leading-zero") {
      sides.push({ role: "caller", seen: honestA });
      sides.push({ role: "callee", seen: { ...honestA, role: "callee", privateKey: skB } });
    } else if (kind === "bad-version") {
      // SPEC §5.2: the caller sees a chosen version it did not offer and stops before the reveal
      sides.push({ role: "caller", seen: { ...honestA, version: inp.seenVersion ?? version } });
    } else if (kind === "mitm") {
      const pkM1 = impl.publicKey(hex(inp.m1PrivateKey)), fpM1 = hex(inp.fpM1);
      const pkM2 = impl.publicKey(hex(inp.m2PrivateKey)), fpM2 = hex(inp.fpM2);
      const commitM1 = impl.commitment(inp.callId, versions, pkM1, fpM1);
      sides.push({ role: "caller", seen: { ...honestA, pkB: pkM2, fpB: fpM2 } });
      sides.push({
        role: "callee",
        seen: { role: "callee", ...v, privateKey: skB, commit: commitM1, pkA: pkM1, fpA: fpM1, pkB, fpB },
      });
    } else {
      // SPEC §5.2: a revealed low-order key off the commitment is a commitment mismatch (that check comes first)
      const revealed = inp.lowOrderKey !== undefined
        ? hex(inp.lowOrderKey)
        : inp.m1PrivateKey === undefined
        ? pkA
        : impl.publicKey(hex(inp.m1PrivateKey));
      const seenFpA = inp.fpM1 === undefined ? fpA : hex(inp.fpM1);
      sides.push({
        role: "callee",
        seen: {
          role: "callee",
          versions: inp.seenVersions ?? versions,
          version,
          privateKey: skB,
          commit: commitA,
          pkA: revealed,
          fpA: seenFpA,
          pkB,
          fpB,
        },
      });
    }
  }
  for (const { role, seen } of sides) {
    const r = runSide(seen, inp, impl);
    out[role] = r.view;
    if (r.error !== undefined && out.expectError === undefined) {
      out.expectError = r.error;
      out.failingSide = role;
    }
  }
  if (out.caller?.number !== undefined && out.callee?.number !== undefined) {
    out.numbersMatch = out.caller.number === out.callee.number;
  }
  return out;
}
