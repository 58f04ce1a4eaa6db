/** Helpers the handshake mutants share (SPEC §5): the reference handshakes with one step replaced. */
import { expand, extract } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import {
  CONFIRM_KEY_LABELS,
  encodeTranscript,
  formatNumber,
  NUMBER_LABEL,
  numberFromOkm,
  SFRAME_LABELS,
  transcriptHash,
} from "../../crypto/mod.ts";
import type { TranscriptFields, Verification } from "../../crypto/mod.ts";
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
    acceptReceived: over.acceptReceived ?? ((pk, fp, v) => hs.acceptReceived(pk, fp, v)),
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
