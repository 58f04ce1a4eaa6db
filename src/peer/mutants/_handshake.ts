/** Helpers the handshake mutants share (SPEC §5): the reference handshakes with one step replaced. */
import { expand, extract } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import {
  CalleeHandshake,
  commitment,
  committedFingerprint,
  CONFIRM_KEY_LABELS,
  encodeTranscript,
  formatNumber,
  generateKeyPair,
  normaliseFingerprint,
  NUMBER_LABEL,
  numberFromOkm,
  SFRAME_LABELS,
  transcriptHash,
} from "../../crypto/mod.ts";
import type { CalleeHandshakeOptions, TranscriptFields, Verification } from "../../crypto/mod.ts";
import type { CalleeSide, CallerSide } from "../strategies.ts";

/** A caller side that delegates to `hs` except for the members in `over`. */
export function callerWith(hs: CallerSide, over: Partial<CallerSide>): CallerSide {
  return {
    get publicKey() {
      return hs.publicKey;
    },
    get versions() {
      return hs.versions;
    },
    commit: over.commit ?? ((fp) => hs.commit(fp)),
    acceptReceived: over.acceptReceived ?? ((pk, fp, v, profile) => hs.acceptReceived(pk, fp, v, profile)),
    reveal: over.reveal ?? (() => hs.reveal()),
    checkFingerprint: over.checkFingerprint ?? ((side, fp) => hs.checkFingerprint(side, fp)),
  };
}

/** A callee side that delegates to `get()` (the current handshake) except for the members in `over`. */
export function calleeWith(get: () => CalleeSide, over: Partial<CalleeSide>): CalleeSide {
  return {
    get publicKey() {
      return get().publicKey;
    },
    get version() {
      return get().version;
    },
    accept: over.accept ?? ((fp) => get().accept(fp)),
    onReveal: over.onReveal ?? ((pk, fp) => get().onReveal(pk, fp)),
    checkFingerprint: over.checkFingerprint ?? ((side, fp) => get().checkFingerprint(side, fp)),
  };
}

/**
 * The fault of the low-order mutants: a Verification derived (SPEC §5.4–§5.6, §5.9) from the all-zero shared
 * secret that §5.3 forbids. keySchedule() refuses that secret, so this does its own HKDF; the secret it reports is
 * SHA-256 of the zero bytes, so no later all-zero check sees it.
 */
export function verificationFromZeroSecret(fields: TranscriptFields): Verification {
  const transcript = encodeTranscript(fields);
  const th = transcriptHash(transcript);
  const prk = extract(sha256, new Uint8Array(32), th);
  const info = (s: string) => new TextEncoder().encode(s);
  const okm = expand(sha256, prk, info(NUMBER_LABEL), 16);
  const number = numberFromOkm(okm);
  return {
    number,
    display: formatNumber(number),
    transcript,
    transcriptHash: th,
    sharedSecret: sha256(new Uint8Array(32)),
    okm,
    confirmKeys: {
      caller: expand(sha256, prk, info(CONFIRM_KEY_LABELS.caller), 32),
      callee: expand(sha256, prk, info(CONFIRM_KEY_LABELS.callee), 32),
    },
    sframeKeys: {
      caller: expand(sha256, prk, info(SFRAME_LABELS.caller), 32),
      callee: expand(sha256, prk, info(SFRAME_LABELS.callee), 32),
    },
  };
}

/**
 * The callee of the low-order mutants: the reference callee handshake, except that when its reveal step (SPEC §5.2,
 * §5.3) throws an error `carryOn` accepts, it carries on with verificationFromZeroSecret() instead of ending the call.
 * `over` replaces further members; it gets the reference handshake.
 */
export function calleeZeroSecretOnReveal(
  opts: CalleeHandshakeOptions,
  carryOn: (e: unknown) => boolean,
  over: (hs: CalleeHandshake) => Partial<CalleeSide> = () => ({}),
): CalleeSide {
  const hs = new CalleeHandshake(opts);
  let fpB = "";
  return calleeWith(() => hs, {
    accept(fp) {
      fpB = normaliseFingerprint(fp);
      return hs.accept(fp);
    },
    onReveal(pkA, remoteFingerprint) {
      try {
        return hs.onReveal(pkA, remoteFingerprint);
      } catch (e) {
        if (!carryOn(e)) throw e;
        return verificationFromZeroSecret({
          callId: opts.callId,
          callerId: opts.callerId,
          calleeId: opts.calleeId,
          versions: hs.versions,
          version: hs.version,
          commit: opts.commit,
          pkA: pkA.slice(),
          fpA: normaliseFingerprint(remoteFingerprint),
          pkB: hs.publicKey,
          fpB,
        });
      }
    },
    ...over(hs),
  });
}

/** What a recommitting callee's reveal step may do: use the current handshake, or take the reveal as matching. */
export interface Recommit {
  /** The current handshake (the reference one until takeAsMatching() replaced it). */
  current(): CalleeHandshake;
  /**
   * The fault of the commitment mutants: replaces the handshake by one whose commitment is made up from what was
   * revealed (so SPEC §5.2's check passes), on the same key, accepted with the same fingerprint.
   */
  takeAsMatching(): void;
}

/**
 * The callee of the commitment mutants (SPEC §2.2 V4, §5.2): a reference callee handshake on a key of its own whose
 * reveal step is `onReveal`, which may take the reveal as matching (Recommit).
 */
export function calleeRecommitting(
  opts: CalleeHandshakeOptions,
  onReveal: (pkA: Uint8Array, remoteFingerprint: string, hs: Recommit) => Verification,
): CalleeSide {
  const privateKey = generateKeyPair().privateKey;
  let hs = new CalleeHandshake({ ...opts, privateKey });
  let fpB = "";
  return calleeWith(() => hs, {
    accept(fp) {
      fpB = fp;
      return hs.accept(fp);
    },
    onReveal: (pkA, remoteFingerprint) =>
      onReveal(pkA, remoteFingerprint, {
        current: () => hs,
        takeAsMatching() {
          const fpA = committedFingerprint(opts.profiles, normaliseFingerprint(remoteFingerprint));
          const commit = commitment(opts.callId, opts.versions, pkA, fpA, opts.profiles);
          hs = new CalleeHandshake({ ...opts, privateKey, commit });
          hs.accept(fpB);
        },
      }),
  });
}
