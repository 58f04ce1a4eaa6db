/** Helpers the handshake mutants share (SPEC §5): the reference handshakes with one step replaced. */
import { expand, extract } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import {
  encodeTranscript,
  formatNumber,
  NUMBER_LABEL,
  numberFromOkm,
  SFRAME_LABEL,
  transcriptHash,
} from "../../crypto/mod.ts";
import type { FinishFingerprints, TranscriptFields, Verification } from "../../crypto/mod.ts";
import type { PeerCall } from "../call.ts";
import { type HandshakeFactory, REFERENCE_STRATEGIES } from "../strategies.ts";

/** How a mutant finishes: from the fingerprints and the reference's own `finish` for this call and role. */
export type FinishFault = (
  call: PeerCall,
  role: "caller" | "callee",
  fps: FinishFingerprints,
  honest: (fps: FinishFingerprints) => Verification,
) => Verification;

/** The reference handshakes of both roles, with `finish` (SPEC §5.4–§5.7) replaced by `fault`. */
export function withFinish(fault: FinishFault): HandshakeFactory {
  return {
    caller: (call, opts) => {
      const hs = REFERENCE_STRATEGIES.handshakes.caller(call, opts);
      return {
        get publicKey() {
          return hs.publicKey;
        },
        commit: (fp) => hs.commit(fp),
        acceptReceived: (pk) => hs.acceptReceived(pk),
        reveal: () => hs.reveal(),
        finish: (fps) => fault(call, "caller", fps, (f) => hs.finish(f)),
      };
    },
    callee: (call, opts) => {
      const hs = REFERENCE_STRATEGIES.handshakes.callee(call, opts);
      return {
        get publicKey() {
          return hs.publicKey;
        },
        onReveal: (pk, fp) => hs.onReveal(pk, fp),
        finish: (fps) => fault(call, "callee", fps, (f) => hs.finish(f)),
      };
    },
  };
}

/**
 * The fault of the low-order mutants: a Verification derived (SPEC §5.4–§5.6) from the all-zero shared secret that
 * §5.3 forbids. keySchedule() refuses that secret, so this does its own HKDF; the secret it reports is SHA-256 of
 * the zero bytes, so no later all-zero check (such as the one before the §5.9 confirm keys) sees it.
 */
export function verificationFromZeroSecret(fields: TranscriptFields): Verification {
  const transcript = encodeTranscript(fields);
  const th = transcriptHash(transcript);
  const prk = extract(sha256, new Uint8Array(32), th);
  const okm = expand(sha256, prk, new TextEncoder().encode(NUMBER_LABEL), 16);
  const sframeBaseKey = expand(sha256, prk, new TextEncoder().encode(SFRAME_LABEL), 32);
  const number = numberFromOkm(okm);
  return {
    number,
    display: formatNumber(number),
    transcript,
    transcriptHash: th,
    sharedSecret: sha256(new Uint8Array(32)),
    okm,
    sframeBaseKey,
  };
}
