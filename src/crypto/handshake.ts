/**
 * The E2EE handshake by role (SPEC §5): the caller commits, the callee accepts, the caller reveals,
 * both derive the verification number. Pure state machines; the peer moves the bytes over signaling.
 *
 * @example
 * const a = new CallerHandshake({ callId, callerId, calleeId });
 * const commit = a.commit(fpA);                                        // invite carries commit
 * const b = new CalleeHandshake({ callId, callerId, calleeId, commit });
 * a.acceptReceived(b.publicKey);                                       // accept carries pkB
 * b.onReveal(a.reveal(), fpA);                                         // reveal carries pkA
 * a.finish({ localFingerprint: fpA, remoteFingerprint: fpB }).number
 *   === b.finish({ localFingerprint: fpB, remoteFingerprint: fpA }).number
 */
import { ShieldCallError } from "../errors.ts";
import { constantTimeEqual, expectBytes, utf8Field } from "./_bytes.ts";
import { checkCommitment, COMMIT_LENGTH, commitment } from "./commitment.ts";
import { normaliseFingerprint } from "./fingerprint.ts";
import { generateKeyPair, KEY_LENGTH, publicKeyFromPrivate, sharedSecret } from "./keys.ts";
import { formatNumber, numberFromOkm } from "./number.ts";
import { keySchedule } from "./schedule.ts";
import { encodeTranscript, type TranscriptFields, transcriptHash } from "./transcript.ts";

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
  sframeBaseKey: Uint8Array;
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
  // SPEC §5.2 (V4): check the commitment before any key is derived (the caller re-checks its own)
  checkCommitment(input.commit, input.callId, input.pkA, input.fpA);
  // SPEC §5.4: transcript of every field as this side saw it, in role order
  const transcript = encodeTranscript(input);
  const th = transcriptHash(transcript);
  // SPEC §5.3: X25519, rejecting wrong-length and low-order keys
  const ss = secret();
  // SPEC §5.5: HKDF with th as salt and ss as IKM
  const { okm, sframeBaseKey } = keySchedule(ss, th);
  // SPEC §5.6: 20 digits, four groups of five
  const number = numberFromOkm(okm);
  return {
    number,
    display: formatNumber(number),
    transcript,
    transcriptHash: th,
    sharedSecret: ss,
    okm,
    sframeBaseKey,
  };
}

/** Common options of both roles; `privateKey` is for tests and vectors only (V3: omit it in calls). */
export interface HandshakeOptions {
  callId: string;
  callerId: string;
  calleeId: string;
  privateKey?: Uint8Array;
}

/** Fingerprints for `finish`, as taken from the SDP each side applied (SPEC §5.7). */
export interface FinishFingerprints {
  localFingerprint: string;
  remoteFingerprint: string;
}

/** Private keys by handshake, reachable only from this module (SPEC §5.3: they never leave the endpoint). */
const PRIVATE_KEYS = new WeakMap<object, Uint8Array>();

function privateKeyOf(h: object): Uint8Array {
  const k = PRIVATE_KEYS.get(h);
  if (k === undefined) throw new TypeError("Handshake has no private key");
  return k;
}

/** State and fail-closed bookkeeping shared by both roles (SPEC §5.8). */
abstract class HandshakeBase<S extends string> {
  readonly callId: string;
  readonly callerId: string;
  readonly calleeId: string;
  /** This side's X25519 public key (pkA for the caller, pkB for the callee). */
  readonly publicKey: Uint8Array;
  #state: S | "finished" | "failed";

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

  /** Current state; "finished" and "failed" are final. */
  get state(): S | "finished" | "failed" {
    return this.#state;
  }

  /** Runs `step` in state `from`; BAD_STATE changes nothing (S2), any other error fails closed (SPEC §5.8). */
  protected step<T>(action: string, from: S, to: S | "finished", step: () => T): T {
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
      if (to === "finished") privateKeyOf(this).fill(0); // SPEC §5.3: the private key is used for this call only
      return out;
    } catch (e) {
      // SPEC §5.8: any handshake error fails closed; the handshake cannot be resumed
      this.#state = "failed";
      privateKeyOf(this).fill(0);
      throw e;
    }
  }
}

/** The caller's side of the handshake (A): commit, then reveal only after the accept (SPEC §5.2). */
export class CallerHandshake extends HandshakeBase<"new" | "committed" | "accepted" | "revealed"> {
  #fpA = "";
  #commit: Uint8Array = new Uint8Array(0);
  #pkB: Uint8Array = new Uint8Array(0);
  /** `ss` computed when pkB arrived (or why it could not be), taken by finish(). */
  #secret: () => Uint8Array = () => new Uint8Array(0);

  /** Creates the caller's handshake with a fresh key pair unless `privateKey` is given (tests only). */
  constructor(opts: HandshakeOptions) {
    super(opts, "new");
  }

  /** The commitment for the invite, over pkA and the fingerprint of the local description (SPEC §5.2). */
  commit(localFingerprint: string): Uint8Array {
    return this.step("commit", "new", "committed", () => {
      this.#fpA = normaliseFingerprint(localFingerprint);
      this.#commit = commitment(this.callId, this.publicKey, this.#fpA);
      return this.#commit.slice();
    });
  }

  /** Records the callee's public key from the accept (SPEC §5.2). */
  acceptReceived(pkB: Uint8Array): void {
    this.step("take the accept", "committed", "accepted", () => {
      // SPEC §5.3: a key that is not 32 bytes is rejected
      this.#pkB = expectBytes("E2EE_BAD_KEY", "pkB", pkB, KEY_LENGTH).slice();
      // SPEC §5.3: X25519 now, while the call is set up, so finish() (on the path to the indicator) only hashes. A
      // rejected key (low order) still fails the handshake at finish(), where every derivation error is raised.
      try {
        const ss = sharedSecret(privateKeyOf(this), this.#pkB);
        this.#secret = () => ss;
      } catch (e) {
        this.#secret = () => {
          throw e;
        };
      }
    });
  }

  /** pkA for the reveal; only after the accept was received (SPEC §5.2: never before). */
  reveal(): Uint8Array {
    // SPEC §5.2 (V4): pkA MUST NOT be sent before the callee's accept
    return this.step("reveal", "accepted", "revealed", () => this.publicKey.slice());
  }

  /**
   * Derives the verification (SPEC §5.4–§5.6). `localFingerprint` must be the committed one.
   * @throws ShieldCallError E2EE_COMMITMENT_MISMATCH when the local fingerprint changed since the commit
   */
  finish(fps: FinishFingerprints): Verification {
    return this.step("finish", "revealed", "finished", () => {
      // SPEC §5.2: the fpA in the transcript is the one committed to; a changed local description fails
      if (normaliseFingerprint(fps.localFingerprint) !== this.#fpA) {
        throw new ShieldCallError(
          "E2EE_COMMITMENT_MISMATCH",
          `Local fingerprint changed since the commitment in call "${this.callId}": "${this.#fpA}" was committed`,
        );
      }
      const fields = {
        callId: this.callId,
        callerId: this.callerId,
        calleeId: this.calleeId,
        commit: this.#commit,
        pkA: this.publicKey,
        fpA: this.#fpA,
        pkB: this.#pkB,
        fpB: normaliseFingerprint(fps.remoteFingerprint),
      };
      // publicKey was computed from the private key in the constructor, so no key check is needed here
      return deriveFromSecret(fields, this.#secret);
    });
  }
}

/** Options of the callee: the commitment from the invite is required. */
export interface CalleeHandshakeOptions extends HandshakeOptions {
  commit: Uint8Array;
}

/** The callee's side of the handshake (B): accept with pkB, check the reveal against the commitment (SPEC §5.2). */
export class CalleeHandshake extends HandshakeBase<"new" | "revealed"> {
  readonly #commit: Uint8Array;
  #pkA: Uint8Array = new Uint8Array(0);
  #fpA = "";

  /** Creates the callee's handshake from the invite's commitment; fresh key pair unless `privateKey` (tests only). */
  constructor(opts: CalleeHandshakeOptions) {
    super(opts, "new");
    this.#commit = expectBytes("E2EE_BAD_INPUT", "commit", opts.commit, COMMIT_LENGTH).slice();
  }

  /**
   * Takes the reveal: checks pkA and the caller's fingerprint from the remote SDP against the commitment
   * (SPEC §5.2, V4).
   * @throws ShieldCallError E2EE_COMMITMENT_MISMATCH (and the handshake fails) when they do not match
   */
  onReveal(pkA: Uint8Array, remoteFingerprint: string): void {
    this.step("take the reveal", "new", "revealed", () => {
      expectBytes("E2EE_BAD_KEY", "pkA", pkA, KEY_LENGTH);
      const fpA = normaliseFingerprint(remoteFingerprint);
      // SPEC §5.2 (V4): recompute from the revealed pkA and the fpA of the applied caller SDP; constant time
      checkCommitment(this.#commit, this.callId, pkA, fpA);
      this.#pkA = pkA.slice();
      this.#fpA = fpA;
    });
  }

  /**
   * Derives the verification (SPEC §5.4–§5.6); only after a checked reveal, with the same remote fingerprint.
   * @throws ShieldCallError E2EE_COMMITMENT_MISMATCH when `remoteFingerprint` is not the one checked at the reveal
   */
  finish(fps: FinishFingerprints): Verification {
    return this.step("finish", "revealed", "finished", () => {
      // SPEC §5.2: the fpA in the transcript is the one checked against the commitment
      if (normaliseFingerprint(fps.remoteFingerprint) !== this.#fpA) {
        throw new ShieldCallError(
          "E2EE_COMMITMENT_MISMATCH",
          `Remote fingerprint changed since the reveal in call "${this.callId}": "${this.#fpA}" was checked`,
        );
      }
      const fields = {
        callId: this.callId,
        callerId: this.callerId,
        calleeId: this.calleeId,
        commit: this.#commit,
        pkA: this.#pkA,
        fpA: this.#fpA,
        pkB: this.publicKey,
        fpB: normaliseFingerprint(fps.localFingerprint),
      };
      // publicKey was computed from the private key in the constructor, so no key check is needed here
      return deriveFromSecret(fields, () => sharedSecret(privateKeyOf(this), this.#pkA));
    });
  }
}
