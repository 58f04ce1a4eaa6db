/**
 * The E2EE handshake by role, protocol 3 (SPEC §5): the caller commits to its versions, key and fingerprint (and its
 * offered media profiles, SPEC §13.10); the callee accepts with its key, fingerprint and chosen version (and profile);
 * the caller derives and reveals; the callee checks the commitment and derives. Pure state machines; the peer moves
 * the bytes over signaling.
 *
 * @example
 * const a = new CallerHandshake({ callId, callerId, calleeId });            // versions default to [3]
 * const commit = a.commit(fpA);                                           // invite: { commit, versions }
 * const b = new CalleeHandshake({ callId, callerId, calleeId, commit, versions: a.versions });
 * const acc = b.accept(fpB);                                              // accept: { pk, fp, version }
 * const va = a.acceptReceived(acc.pk, acc.fp, acc.version);               // caller derives, then reveals
 * const vb = b.onReveal(a.reveal(), fpA);                                 // callee checks the commitment
 * va.number === vb.number
 */
import { ShieldCallError } from "../errors.ts";
import { expectBytes, utf8Field } from "./_bytes.ts";
import { COMMIT_LENGTH, commitment } from "./commitment.ts";
import { fingerprintFromBytes, normaliseFingerprint, toFingerprintBytes } from "./fingerprint.ts";
import { generateKeyPair, KEY_LENGTH, publicKeyFromPrivate, sharedSecret } from "./keys.ts";
import {
  checkChosenProfile,
  checkProfiles,
  chooseProfile,
  DEFAULT_PROFILE,
  type MediaProfileName,
  zeroFingerprint,
} from "./profiles.ts";
import type { TranscriptFields } from "./transcript.ts";
import { checkChosenVersion, checkVersions, chooseVersion, SUPPORTED_VERSIONS } from "./versions.ts";
import { deriveFromSecret, type Verification } from "./derive.ts";

export { deriveVerification, type Role, type Verification, type VerificationInput } from "./derive.ts";

/** Common options of both roles; `privateKey` is for tests and vectors only (V3: omit it in calls). */
export interface HandshakeOptions {
  callId: string;
  callerId: string;
  calleeId: string;
  privateKey?: Uint8Array;
}

/** Options of the caller: the versions it offers (default: every version this release speaks, SPEC §5.1). */
export interface CallerHandshakeOptions extends HandshakeOptions {
  versions?: readonly number[];
  /** The media profiles of `invite.e2ee.profiles` (SPEC §13.10); omitted when offering only dtls-srtp. */
  profiles?: readonly string[];
}

/** What the callee's `accept` carries (SPEC §6): its key, its certificate's fingerprint and the chosen version. */
export interface AcceptFields {
  pk: Uint8Array;
  /** The 32 fingerprint bytes of the callee's DTLS certificate (zero in the sframe profile, SPEC §13.10). */
  fp: Uint8Array;
  version: number;
  /** The chosen media profile (SPEC §13.10), present exactly when the caller sent `profiles`. */
  profile?: MediaProfileName;
}

/** Private keys by handshake, reachable only from this module (SPEC §5.3: they never leave the endpoint). */
const PRIVATE_KEYS = new WeakMap<object, Uint8Array>();

function privateKeyOf(h: object): Uint8Array {
  const k = PRIVATE_KEYS.get(h);
  if (k === undefined) throw new TypeError("Handshake has no private key");
  return k;
}

/** The zero fingerprint of the sframe profile in normal form (SPEC §13.10). */
const ZERO_FP = fingerprintFromBytes(zeroFingerprint());

/** Any fingerprint form in normal form (upper-case hex pairs joined by ":"). */
function normalForm(fp: string | Uint8Array): string {
  return typeof fp === "string" ? normaliseFingerprint(fp) : fingerprintFromBytes(toFingerprintBytes(fp));
}

/** State and fail-closed bookkeeping shared by both roles (SPEC §5.8). */
abstract class HandshakeBase<S extends string> {
  readonly callId: string;
  readonly callerId: string;
  readonly calleeId: string;
  /** This side's X25519 public key (pkA for the caller, pkB for the callee). */
  readonly publicKey: Uint8Array;
  #state: S | "failed";
  #verification: Verification | undefined;
  protected fpA = "";
  protected fpB = "";
  /** The chosen media profile once known (SPEC §13.10). */
  protected chosen: MediaProfileName | undefined;

  constructor(opts: HandshakeOptions, initial: S) {
    if (typeof opts !== "object" || opts === null) throw new TypeError("Handshake options must be an object");
    utf8Field("callId", opts.callId);
    utf8Field("callerId", opts.callerId);
    utf8Field("calleeId", opts.calleeId);
    this.callId = opts.callId;
    this.callerId = opts.callerId;
    this.calleeId = opts.calleeId;
    if (opts.privateKey === undefined) {
      // SPEC §5.3 (V3): a fresh key pair for every call
      const kp = generateKeyPair();
      PRIVATE_KEYS.set(this, kp.privateKey);
      this.publicKey = kp.publicKey;
    } else {
      this.publicKey = publicKeyFromPrivate(opts.privateKey);
      PRIVATE_KEYS.set(this, opts.privateKey.slice());
    }
    this.#state = initial;
  }

  /** Current state; "failed" is final. */
  get state(): S | "failed" {
    return this.#state;
  }

  /** The derived number and keys, once derived (caller: on the accept; callee: on the reveal). */
  get verification(): Verification | undefined {
    return this.#verification;
  }

  /** The chosen media profile (SPEC §13.10): the callee's from the start, the caller's once it took the accept. */
  get profile(): MediaProfileName | undefined {
    return this.chosen;
  }

  /**
   * SPEC §6.1: a description's fingerprint must be the one bound into the handshake; `side` names whose. In the
   * sframe profile no certificate is bound and the check does not apply (SPEC §13.10): it passes.
   * @throws ShieldCallError E2EE_FINGERPRINT_MISMATCH otherwise (the handshake fails, SPEC §5.8)
   */
  checkFingerprint(side: "caller" | "callee", fingerprint: string): void {
    // SPEC §13.10 (SF8): the fingerprint checks of §5.2 and §6.1 do not apply in the sframe profile
    if (this.chosen === "sframe") return;
    const bound = side === "caller" ? this.fpA : this.fpB;
    let fp: string;
    try {
      fp = normaliseFingerprint(fingerprint);
    } catch (e) {
      this.fail();
      throw e;
    }
    if (bound === "" || fp !== bound) {
      this.fail();
      // SPEC §6.1: a description whose fingerprint differs from the bound one ends the call
      throw new ShieldCallError(
        "E2EE_FINGERPRINT_MISMATCH",
        `The ${side}'s fingerprint in call "${this.callId}" differs from the one bound into the handshake`,
      );
    }
  }

  protected fail(): void {
    this.#state = "failed";
    privateKeyOf(this).fill(0);
  }

  protected derived(v: Verification): Verification {
    this.#verification = v;
    return v;
  }

  protected privateKey(): Uint8Array {
    return privateKeyOf(this);
  }

  /** Runs `step` in state `from`; BAD_STATE changes nothing (S2), any other error fails closed (SPEC §5.8). */
  protected step<T>(action: string, from: S, to: S, step: () => T, wipe = false): T {
    if (this.#state !== from) {
      throw new ShieldCallError(
        "BAD_STATE",
        `Cannot ${action} in call "${this.callId}": handshake state is "${this.#state}", expected "${from}"`,
        { state: this.#state, expected: from },
      );
    }
    try {
      const out = step();
      this.#state = to;
      if (wipe) privateKeyOf(this).fill(0); // SPEC §5.3: the private key is used for this call only
      return out;
    } catch (e) {
      // SPEC §5.8: any handshake error fails closed; the handshake cannot be resumed
      this.fail();
      throw e;
    }
  }
}

/** The caller's side (A): commit, derive on the accept, reveal only then (SPEC §5.2, §6.1). */
export class CallerHandshake extends HandshakeBase<"new" | "committed" | "accepted" | "revealed"> {
  /** The versions this caller offers (SPEC §5.1). */
  readonly versions: readonly number[];
  /** The media profiles this caller offers, or undefined when it sends none (SPEC §13.10). */
  readonly profiles: readonly MediaProfileName[] | undefined;
  #commit: Uint8Array = new Uint8Array(0);

  /** Creates the caller's handshake with a fresh key pair unless `privateKey` is given (tests only). */
  constructor(opts: CallerHandshakeOptions) {
    super(opts, "new");
    this.versions = Object.freeze([...checkVersions(opts.versions ?? SUPPORTED_VERSIONS)]);
    this.profiles = opts.profiles === undefined ? undefined : Object.freeze([...checkProfiles(opts.profiles)]);
  }

  /**
   * The commitment for the invite, over the offered versions, pkA, the offer's fingerprint and the offered profiles
   * (SPEC §5.2, §13.10). In an sframe-first offer `fpA` is the zero fingerprint and `localFingerprint` is not used.
   */
  commit(localFingerprint?: string): Uint8Array {
    return this.step("commit", "new", "committed", () => {
      // SPEC §13.10 (SF8): zero fpA exactly when sframe is the first offered profile
      this.fpA = this.profiles?.[0] === "sframe" ? ZERO_FP : normaliseFingerprint(localFingerprint as string);
      this.#commit = commitment(this.callId, this.versions, this.publicKey, this.fpA, this.profiles);
      return this.#commit.slice();
    });
  }

  /**
   * Takes the accept and derives the number and keys (SPEC §5.2–§5.6, §6.1): checks the chosen version was offered
   * (E2EE_BAD_VERSION) and rejects a wrong-length (E2EE_BAD_KEY) or low-order (E2EE_LOW_ORDER_KEY) pkB, all before
   * the reveal is allowed.
   */
  acceptReceived(pkB: Uint8Array, fpB: string | Uint8Array, version: number, profile?: string): Verification {
    return this.step("take the accept", "committed", "accepted", () => {
      // SPEC §5.2: a version that was not offered ends the call before the reveal
      checkChosenVersion(this.versions, version);
      // SPEC §13.10 (SF8): a profile not offered, or one that cannot complete the offer, ends it before the reveal
      const chosen = (this.chosen = checkChosenProfile(this.profiles, profile));
      // SPEC §5.3: a key that is not 32 bytes is rejected
      expectBytes("E2EE_BAD_KEY", "pkB", pkB, KEY_LENGTH);
      this.fpB = normalForm(fpB);
      // SPEC §13.10 (SF8): in the sframe profile the accept's fp is the zero fingerprint, and no other
      if (chosen === "sframe" && this.fpB !== ZERO_FP) {
        throw new ShieldCallError("E2EE_BAD_FINGERPRINT", "An accept of the sframe profile carries a non-zero fp");
      }
      const fields: TranscriptFields = {
        callId: this.callId,
        callerId: this.callerId,
        calleeId: this.calleeId,
        versions: this.versions,
        version,
        commit: this.#commit,
        pkA: this.publicKey,
        fpA: this.fpA,
        pkB: pkB.slice(),
        fpB: this.fpB,
        ...(this.profiles === undefined ? {} : { profiles: this.profiles, profile: chosen }),
      };
      // SPEC §5.3, §6.1: a low-order pkB fails here, before any reveal leaves
      const ss = sharedSecret(this.privateKey(), pkB);
      return this.derived(deriveFromSecret(fields, () => ss));
    }, true);
  }

  /** pkA for the reveal; only after the accept was taken (SPEC §5.2: never before pkB and fpB are held). */
  reveal(): Uint8Array {
    // SPEC §5.2 (V4): pkA MUST NOT be sent before the callee's accept
    return this.step("reveal", "accepted", "revealed", () => this.publicKey.slice());
  }
}

/** Options of the callee: the commitment and the offered versions from the invite are required. */
export interface CalleeHandshakeOptions extends HandshakeOptions {
  commit: Uint8Array;
  /** The caller's offered versions as received in `incoming.e2ee.versions`. */
  versions: readonly number[];
  /** The versions this callee speaks (default: this release's). */
  speaks?: readonly number[];
  /**
   * The caller's offered media profiles as received in `incoming.e2ee.profiles`; omitted when absent (SPEC §13.10).
   */
  profiles?: readonly string[];
  /** The media profiles this callee implements (default: `["dtls-srtp"]`). */
  implements?: readonly string[];
}

/** The callee's side (B): accept with pkB, fpB and the version; check the reveal and derive (SPEC §5.2). */
export class CalleeHandshake extends HandshakeBase<"new" | "accepted" | "revealed"> {
  readonly #commit: Uint8Array;
  /** The offered versions as received. */
  readonly versions: readonly number[];
  /** The version this callee chose (SPEC §5.2: the highest offered one it speaks). */
  readonly version: number;
  /** The offered media profiles as received, or undefined when none were sent (SPEC §13.10). */
  readonly profiles: readonly MediaProfileName[] | undefined;

  /**
   * Creates the callee's handshake from the invite; fresh key pair unless `privateKey` (tests only).
   * @throws ShieldCallError E2EE_BAD_VERSION when no offered version is spoken here; E2EE_BAD_PROFILE when no offered
   *   profile is implemented here or the choice cannot complete the offer; E2EE_BAD_INPUT for a bad commit or list
   */
  constructor(opts: CalleeHandshakeOptions) {
    super(opts, "new");
    this.#commit = expectBytes("E2EE_BAD_INPUT", "commit", opts.commit, COMMIT_LENGTH).slice();
    this.versions = Object.freeze([...checkVersions(opts.versions)]);
    this.version = chooseVersion(this.versions, opts.speaks);
    this.profiles = opts.profiles === undefined ? undefined : Object.freeze([...checkProfiles(opts.profiles)]);
    // SPEC §13.10 (SF8): the first offered profile implemented here; an sframe-first offer completes only as sframe
    this.chosen = chooseProfile(this.profiles, opts.implements ?? [DEFAULT_PROFILE]);
  }

  /**
   * The accept's fields (SPEC §6, §13.10): pkB, the fingerprint of the certificate it will answer with (the zero
   * fingerprint in the sframe profile, where `localFingerprint` is not used), the version, and the chosen profile
   * when the caller offered profiles.
   */
  accept(localFingerprint?: string): AcceptFields {
    return this.step("accept", "new", "accepted", () => {
      // SPEC §13.10 (SF8): the sframe profile binds no certificate: the accept carries the zero fingerprint
      this.fpB = this.chosen === "sframe" ? ZERO_FP : normaliseFingerprint(localFingerprint as string);
      const acc: AcceptFields = { pk: this.publicKey.slice(), fp: toFingerprintBytes(this.fpB), version: this.version };
      // SPEC §13.10 (SF8): `accept.e2ee.profile` only when `profiles` was received
      return this.profiles === undefined ? acc : { ...acc, profile: this.chosen! };
    });
  }

  /**
   * Takes the reveal: checks the versions, pkA and the fingerprint of the caller's offer against the commitment
   * (SPEC §5.2, V4), then derives the number and keys.
   * @throws ShieldCallError E2EE_COMMITMENT_MISMATCH (and the handshake fails) when they do not match
   */
  onReveal(pkA: Uint8Array, remoteFingerprint?: string): Verification {
    return this.step("take the reveal", "accepted", "revealed", () => {
      expectBytes("E2EE_BAD_KEY", "pkA", pkA, KEY_LENGTH);
      // SPEC §13.10 (SF8): in the sframe profile fpA is zero and the offer's fingerprint is not checked
      this.fpA = this.chosen === "sframe" ? ZERO_FP : normaliseFingerprint(remoteFingerprint as string);
      const fields: TranscriptFields = {
        callId: this.callId,
        callerId: this.callerId,
        calleeId: this.calleeId,
        versions: this.versions,
        version: this.version,
        commit: this.#commit,
        pkA: pkA.slice(),
        fpA: this.fpA,
        pkB: this.publicKey,
        fpB: this.fpB,
        ...(this.profiles === undefined ? {} : { profiles: this.profiles, profile: this.chosen }),
      };
      // SPEC §5.2 (V4): the commitment is checked first (in deriveFromSecret), then X25519 rejects a low-order pkA
      return this.derived(deriveFromSecret(fields, () => sharedSecret(this.privateKey(), pkA)));
    }, true);
  }
}
