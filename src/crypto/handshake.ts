/**
 * The E2EE handshake by role, protocol 3 (SPEC §5): the caller commits to its versions, key and fingerprint; the
 * callee accepts with its key, fingerprint and chosen version; the caller derives and reveals; the callee checks the
 * commitment and derives. Pure state machines; the peer moves the bytes over signaling.
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
import { constantTimeEqual, expectBytes, utf8Field } from "./_bytes.ts";
import { checkCommitment, COMMIT_LENGTH, commitment } from "./commitment.ts";
import { fingerprintFromBytes, normaliseFingerprint, toFingerprintBytes } from "./fingerprint.ts";
import { generateKeyPair, KEY_LENGTH, publicKeyFromPrivate, sharedSecret } from "./keys.ts";
import { formatNumber, numberFromOkm } from "./number.ts";
import { keySchedule, type RoleKeys } from "./schedule.ts";
import { encodeTranscript, type TranscriptFields, transcriptHash } from "./transcript.ts";
import { checkChosenVersion, checkVersions, chooseVersion, SUPPORTED_VERSIONS } from "./versions.ts";

/** Which end of the call: A is always the caller, B the callee (SPEC §5.1). */
export type Role = "caller" | "callee";

/** Everything one side derives; `number` and `display` are what the user compares (SPEC §5.4–§5.6). */
export interface Verification {
  /** 20 decimal digits (SPEC §5.6). */
  number: string;
  /** `number` as four groups of five digits. */
  display: string;
  transcript: Uint8Array;
  transcriptHash: Uint8Array;
  sharedSecret: Uint8Array;
  okm: Uint8Array;
  /** kA and kB (SPEC §5.9). */
  confirmKeys: RoleKeys;
  /** Reserved per-sender SFrame base keys (SPEC §5.5). */
  sframeKeys: RoleKeys;
}

/** Input of `deriveVerification`: the transcript fields as this side saw them, its role and own private key. */
export interface VerificationInput extends TranscriptFields {
  role: Role;
  privateKey: Uint8Array;
}

/**
 * One-shot derivation for one side (SPEC §5.2–§5.6): checks the commitment, computes the transcript, the shared
 * secret, the key schedule and the number. Used by the vector generator; the handshake classes share its second half.
 * @throws ShieldCallError E2EE_COMMITMENT_MISMATCH, E2EE_LOW_ORDER_KEY, E2EE_BAD_KEY, E2EE_BAD_FINGERPRINT,
 *   E2EE_BAD_INPUT
 * @throws RangeError when `privateKey` is not the key behind this role's public key
 */
export function deriveVerification(input: VerificationInput): Verification {
  const { role, privateKey } = input;
  if (role !== "caller" && role !== "callee") throw new TypeError(`Unknown role "${String(role)}"`);
  const own = role === "caller" ? input.pkA : input.pkB;
  const peer = role === "caller" ? input.pkB : input.pkA;
  expectBytes("E2EE_BAD_KEY", role === "caller" ? "pkA" : "pkB", own, KEY_LENGTH);
  if (!constantTimeEqual(publicKeyFromPrivate(privateKey), own)) {
    throw new RangeError(`Private key does not match ${role === "caller" ? "pkA" : "pkB"} for role "${role}"`);
  }
  return deriveFromSecret(input, () => sharedSecret(privateKey, peer));
}

/**
 * The derivation after the key check: commitment, transcript, `ss` (from `secret`, which throws for a rejected key),
 * key schedule and number (SPEC §5.2–§5.6). The handshake classes pass a secret computed ahead of time.
 */
function deriveFromSecret(input: TranscriptFields, secret: () => Uint8Array): Verification {
  // SPEC §5.2 (V4): check the commitment before any key is derived (the caller's own always holds)
  checkCommitment(input.commit, input.callId, input.versions, input.pkA, input.fpA);
  // SPEC §5.2: the chosen version must be one offered
  checkChosenVersion(input.versions, input.version);
  // SPEC §5.4: transcript of every field as this side saw it, in role order
  const transcript = encodeTranscript(input);
  const th = transcriptHash(transcript);
  // SPEC §5.3: X25519, rejecting wrong-length and low-order keys
  const ss = secret();
  // SPEC §5.5: HKDF with th as salt and ss as IKM
  const { okm, confirmKeys, sframeKeys } = keySchedule(ss, th);
  // SPEC §5.6: 20 digits, four groups of five
  const number = numberFromOkm(okm);
  return {
    number,
    display: formatNumber(number),
    transcript,
    transcriptHash: th,
    sharedSecret: ss,
    okm,
    confirmKeys,
    sframeKeys,
  };
}

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
}

/** What the callee's `accept` carries (SPEC §6): its key, its certificate's fingerprint and the chosen version. */
export interface AcceptFields {
  pk: Uint8Array;
  /** The 32 fingerprint bytes of the callee's DTLS certificate. */
  fp: Uint8Array;
  version: number;
}

/** Private keys by handshake, reachable only from this module (SPEC §5.3: they never leave the endpoint). */
const PRIVATE_KEYS = new WeakMap<object, Uint8Array>();

function privateKeyOf(h: object): Uint8Array {
  const k = PRIVATE_KEYS.get(h);
  if (k === undefined) throw new TypeError("Handshake has no private key");
  return k;
}

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

  /**
   * SPEC §6.1: a description's fingerprint must be the one bound into the handshake; `side` names whose.
   * @throws ShieldCallError E2EE_FINGERPRINT_MISMATCH otherwise (the handshake fails, SPEC §5.8)
   */
  checkFingerprint(side: "caller" | "callee", fingerprint: string): void {
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
  #commit: Uint8Array = new Uint8Array(0);

  /** Creates the caller's handshake with a fresh key pair unless `privateKey` is given (tests only). */
  constructor(opts: CallerHandshakeOptions) {
    super(opts, "new");
    this.versions = Object.freeze([...checkVersions(opts.versions ?? SUPPORTED_VERSIONS)]);
  }

  /** The commitment for the invite, over the offered versions, pkA and the offer's fingerprint (SPEC §5.2). */
  commit(localFingerprint: string): Uint8Array {
    return this.step("commit", "new", "committed", () => {
      this.fpA = normaliseFingerprint(localFingerprint);
      this.#commit = commitment(this.callId, this.versions, this.publicKey, this.fpA);
      return this.#commit.slice();
    });
  }

  /**
   * Takes the accept and derives the number and keys (SPEC §5.2–§5.6, §6.1): checks the chosen version was offered
   * (E2EE_BAD_VERSION) and rejects a wrong-length (E2EE_BAD_KEY) or low-order (E2EE_LOW_ORDER_KEY) pkB, all before
   * the reveal is allowed.
   */
  acceptReceived(pkB: Uint8Array, fpB: string | Uint8Array, version: number): Verification {
    return this.step("take the accept", "committed", "accepted", () => {
      // SPEC §5.2: a version that was not offered ends the call before the reveal
      checkChosenVersion(this.versions, version);
      // SPEC §5.3: a key that is not 32 bytes is rejected
      expectBytes("E2EE_BAD_KEY", "pkB", pkB, KEY_LENGTH);
      this.fpB = normalForm(fpB);
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
}

/** The callee's side (B): accept with pkB, fpB and the version; check the reveal and derive (SPEC §5.2). */
export class CalleeHandshake extends HandshakeBase<"new" | "accepted" | "revealed"> {
  readonly #commit: Uint8Array;
  /** The offered versions as received. */
  readonly versions: readonly number[];
  /** The version this callee chose (SPEC §5.2: the highest offered one it speaks). */
  readonly version: number;

  /**
   * Creates the callee's handshake from the invite; fresh key pair unless `privateKey` (tests only).
   * @throws ShieldCallError E2EE_BAD_VERSION when no offered version is spoken here; E2EE_BAD_INPUT for a bad commit
   */
  constructor(opts: CalleeHandshakeOptions) {
    super(opts, "new");
    this.#commit = expectBytes("E2EE_BAD_INPUT", "commit", opts.commit, COMMIT_LENGTH).slice();
    this.versions = Object.freeze([...checkVersions(opts.versions)]);
    this.version = chooseVersion(this.versions, opts.speaks);
  }

  /** The accept's fields (SPEC §6): pkB, the fingerprint of the certificate it will answer with, the version. */
  accept(localFingerprint: string): AcceptFields {
    return this.step("accept", "new", "accepted", () => {
      this.fpB = normaliseFingerprint(localFingerprint);
      return { pk: this.publicKey.slice(), fp: toFingerprintBytes(this.fpB), version: this.version };
    });
  }

  /**
   * Takes the reveal: checks the versions, pkA and the fingerprint of the caller's offer against the commitment
   * (SPEC §5.2, V4), then derives the number and keys.
   * @throws ShieldCallError E2EE_COMMITMENT_MISMATCH (and the handshake fails) when they do not match
   */
  onReveal(pkA: Uint8Array, remoteFingerprint: string): Verification {
    return this.step("take the reveal", "accepted", "revealed", () => {
      expectBytes("E2EE_BAD_KEY", "pkA", pkA, KEY_LENGTH);
      this.fpA = normaliseFingerprint(remoteFingerprint);
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
      };
      // SPEC §5.2 (V4): the commitment is checked first (in deriveFromSecret), then X25519 rejects a low-order pkA
      return this.derived(deriveFromSecret(fields, () => sharedSecret(this.privateKey(), pkA)));
    }, true);
  }
}
