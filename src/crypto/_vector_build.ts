/**
 * Computes what each side of a test vector sees and derives (SPEC §5.2–§5.6, §13.10), step by step, with a
 * pluggable implementation so the same code generates the vectors and checks another implementation against them.
 */
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { isShieldCallError } from "../errors.ts";
import { checkCommitment, commitment } from "./commitment.ts";
import { confirmTag } from "./confirm.ts";
import type { Role } from "./handshake.ts";
import { publicKeyFromPrivate, sharedSecret } from "./keys.ts";
import { formatNumber, numberFromOkm } from "./number.ts";
import {
  boundFingerprint,
  checkChosenProfile,
  chooseProfile,
  committedFingerprint,
  DEFAULT_PROFILE,
} from "./profiles.ts";
import { type KeySchedule, keySchedule } from "./schedule.ts";
import { encodeTranscript, type TranscriptFields, transcriptHash } from "./transcript.ts";
import { checkChosenVersion } from "./versions.ts";
import type { VectorInputs } from "./_vector_inputs.ts";

export { type InputProblem, readInputs, type VectorInputs } from "./_vector_inputs.ts";

/** What a vector exercises. */
export type VectorKind =
  | "honest"
  | "mitm"
  | "low-order"
  | "commitment-mismatch"
  | "leading-zero"
  | "bad-version"
  | "bad-profile";
/** Every vector kind. */
export const VECTOR_KINDS: readonly VectorKind[] = [
  "honest",
  "mitm",
  "low-order",
  "commitment-mismatch",
  "leading-zero",
  "bad-version",
  "bad-profile",
];

/** The handshake primitives a vector check runs; swap one out to test another implementation or a broken one. */
export interface HandshakeImpl {
  publicKey(privateKey: Uint8Array): Uint8Array;
  /** `profiles` undefined: none offered, nothing appended (SPEC §13.10). */
  commitment(
    callId: string,
    versions: readonly number[],
    pkA: Uint8Array,
    fpA: Uint8Array,
    profiles?: readonly string[],
  ): Uint8Array;
  checkCommitment(
    commit: Uint8Array,
    callId: string,
    versions: readonly number[],
    pkA: Uint8Array,
    fpA: Uint8Array,
    profiles?: readonly string[],
  ): void;
  checkChosenVersion(versions: readonly number[], version: number): void;
  /** SPEC §13.10: the caller's check of the accept's profile (throws E2EE_BAD_PROFILE). */
  checkChosenProfile(offered: readonly string[] | undefined, profile: string | undefined): unknown;
  /** SPEC §13.10: the callee's choice (throws E2EE_BAD_PROFILE when it cannot choose). */
  chooseProfile(offered: readonly string[] | undefined, implemented: readonly string[]): string;
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
  checkChosenProfile,
  chooseProfile,
  confirmTag,
};

/** One side's view: the fields as it saw them and what it derived, all hex except number and display. */
export interface SideView {
  versions: number[];
  version: number;
  /** The offered media profiles as this side saw them, when any were sent (SPEC §13.10). */
  profiles?: string[];
  /** The chosen profile as this side chose it or saw it in the accept, when the accept carried one (SPEC §13.10). */
  profile?: string;
  /** The keys and fingerprints as hashed (zero fingerprints in the sframe profile, SPEC §13.10); absent only in a
   * callee view that stops at its choice of profile, before it has any of them (bad-profile). */
  pkA?: string;
  fpA?: string;
  pkB?: string;
  fpB?: string;
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
  profiles?: readonly string[];
  profile?: string;
  /** Callee of a bad-profile vector: what it implements; its first step is choosing (SPEC §13.10). */
  implements?: readonly string[];
}

function errorText(e: unknown): string {
  if (isShieldCallError(e)) return e.code;
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

/** Runs one side's steps in SPEC order, recording each intermediate; stops at the first error. */
function runSide(s: Seen, inp: VectorInputs, impl: HandshakeImpl): { view: SideView; error?: string } {
  const view = { versions: s.versions, version: s.version } as SideView;
  if (s.profiles !== undefined) view.profiles = [...s.profiles];
  if (s.profile !== undefined) view.profile = s.profile;
  if (s.implements !== undefined) {
    view.commit = bytesToHex(s.commit);
    try {
      // SPEC §13.10 (SF8): the callee chooses before it accepts; E2EE_BAD_PROFILE when it cannot
      impl.chooseProfile(s.profiles, s.implements);
    } catch (e) {
      return { view, error: errorText(e) };
    }
    delete (view as { commit?: string }).commit;
  }
  Object.assign(view, {
    pkA: bytesToHex(s.pkA),
    fpA: bytesToHex(s.fpA),
    pkB: bytesToHex(s.pkB),
    fpB: bytesToHex(s.fpB),
    commit: bytesToHex(s.commit),
  });
  try {
    // SPEC §5.2: the callee recomputes the commitment from the revealed pkA and the fpA of the caller's SDP
    // SPEC §5.2: the caller first checks that the accept's version is one it offered
    if (s.role === "caller") impl.checkChosenVersion(s.versions, s.version);
    // SPEC §13.10 (SF8): then that the accept's profile is one it offered that completes its offer
    if (s.role === "caller" && (s.profiles !== undefined || s.profile !== undefined)) {
      impl.checkChosenProfile(s.profiles, s.profile);
    }
    if (s.role === "callee") {
      view.recomputedCommit = bytesToHex(impl.commitment(inp.callId, s.versions, s.pkA, s.fpA, s.profiles));
      impl.checkCommitment(s.commit, inp.callId, s.versions, s.pkA, s.fpA, s.profiles);
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
      ...(s.profiles === undefined ? {} : { profiles: s.profiles }),
      ...(s.profile === undefined ? {} : { profile: s.profile }),
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
 * (`seenVersions`), offered profiles (`seenProfiles`) or call id that differs; bad-version the caller sees a chosen
 * version (`seenVersion`) it never offered; bad-profile the caller sees a chosen profile (`seenProfile`) it cannot
 * take, or the callee (implementing `calleeImplements`) cannot choose. With `profiles` (SPEC §13.10) the caller
 * commits with zero fpA exactly when sframe is first offered, and the accept carries zero fpB when sframe is chosen.
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
    // a callee that cannot choose its profile (bad-profile) has no key in the vector: it stops before using one
    const skB = inp.calleePrivateKey === undefined ? new Uint8Array(32) : hex(inp.calleePrivateKey);
    const pkB = impl.publicKey(skB);
    const commitCallId = kind === "commitment-mismatch" ? inp.commitCallId ?? inp.callId : inp.callId;
    const { profiles } = inp;
    // SPEC §13.10 (SF8): zero fpA committed exactly when sframe is first; a callee choosing sframe sends zero fpB
    const fpAc = committedFingerprint(profiles, fpA);
    const fpBc = boundFingerprint(profiles === undefined ? undefined : inp.profile ?? DEFAULT_PROFILE, fpB);
    const p = {
      ...(profiles === undefined ? {} : { profiles }),
      ...(inp.profile === undefined ? {} : { profile: inp.profile }),
    };
    const commitA = impl.commitment(commitCallId, versions, pkA, fpAc, profiles);
    const honestA: Seen = {
      role: "caller",
      ...v,
      ...p,
      privateKey: skA,
      commit: commitA,
      pkA,
      fpA: fpAc,
      pkB,
      fpB: fpBc,
    };
    if (kind === "honest" || kind === "leading-zero") {
      sides.push({ role: "caller", seen: honestA });
      sides.push({ role: "callee", seen: { ...honestA, role: "callee", privateKey: skB } });
    } else if (kind === "bad-version") {
      // SPEC §5.2: the caller sees a chosen version it did not offer and stops before the reveal
      sides.push({ role: "caller", seen: { ...honestA, version: inp.seenVersion ?? version } });
    } else if (kind === "bad-profile" && inp.calleeImplements !== undefined) {
      // SPEC §13.10: the callee cannot choose among the offered profiles and stops before its accept
      const { role: _, ...rest } = honestA;
      sides.push({
        role: "callee",
        seen: { ...rest, role: "callee", privateKey: skB, implements: inp.calleeImplements },
      });
    } else if (kind === "bad-profile") {
      // SPEC §13.10: the caller sees a chosen profile it cannot take and stops before the reveal
      const { profile: _, ...rest } = honestA;
      const seen = inp.seenProfile ?? inp.profile;
      sides.push({ role: "caller", seen: seen === undefined ? rest : { ...rest, profile: seen } });
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
      // SPEC §13.10: rewritten profiles: the callee (implementing both) chooses the first it saw, null = dropped
      const seenProfiles = inp.seenProfiles === undefined ? profiles : inp.seenProfiles ?? undefined;
      const choice = inp.seenProfiles === undefined ? inp.profile : seenProfiles?.[0];
      const seenFpA = committedFingerprint(seenProfiles, inp.fpM1 === undefined ? fpA : hex(inp.fpM1));
      sides.push({
        role: "callee",
        seen: {
          role: "callee",
          versions: inp.seenVersions ?? versions,
          version,
          ...(seenProfiles === undefined ? {} : { profiles: seenProfiles }),
          ...(choice === undefined ? {} : { profile: choice }),
          privateKey: skB,
          commit: commitA,
          pkA: revealed,
          fpA: seenFpA,
          pkB,
          fpB: boundFingerprint(choice, fpB),
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
