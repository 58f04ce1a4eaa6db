/** Mutant (SPEC §5.3): the caller accepts a low-order key from the callee and derives a number from an all-zero secret. */
import { expand, extract } from "@noble/hashes/hkdf.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { CallerHandshake, encodeTranscript, formatNumber, normaliseFingerprint, NUMBER_LABEL, numberFromOkm, SFRAME_LABEL, transcriptHash } from "../../crypto/mod.ts";
import type { FinishFingerprints, Verification } from "../../crypto/mod.ts";
import type { Mutant } from "../mutants.ts";

export const lowOrderKeyAccepted: Mutant = {
  id: "low-order-key-accepted",
  clause: "§5.3",
  description: "The caller accepts a low-order X25519 key (all-zero shared secret) instead of ending the call with E2EE_LOW_ORDER_KEY",
  hints: ["verify.low-order"],
  variant: () => ({
    handshakes: {
      caller: (_call, opts) => {
        const hs = new CallerHandshake(opts);
        let commit: Uint8Array = new Uint8Array(0);
        let fpA = "";
        let pkB: Uint8Array = new Uint8Array(0);
        return {
          publicKey: hs.publicKey,
          commit(fp: string) {
            fpA = normaliseFingerprint(fp);
            return (commit = hs.commit(fp));
          },
          acceptReceived(pk: Uint8Array) {
            pkB = pk.slice();
            hs.acceptReceived(pk);
          },
          reveal: () => hs.reveal(),
          finish(fps: FinishFingerprints): Verification {
            try {
              return hs.finish(fps);
            } catch (e) {
              if ((e as { code?: string }).code !== "E2EE_LOW_ORDER_KEY") throw e;
              // The fault: carry on with the all-zero shared secret.
              const fields = { callId: opts.callId, callerId: opts.callerId, calleeId: opts.calleeId, commit, pkA: hs.publicKey, fpA, pkB, fpB: normaliseFingerprint(fps.remoteFingerprint) };
              const transcript = encodeTranscript(fields);
              const th = transcriptHash(transcript);
              // The implementation works on SHA-256 of the all-zero secret from here on, so no later all-zero check
              // (such as the one before deriving the §5.9 confirm keys) sees it.
              const ss = sha256(new Uint8Array(32));
              // keySchedule() refuses an all-zero secret too, so the fault does its own HKDF (SPEC §5.5).
              const prk = extract(sha256, new Uint8Array(32), th);
              const okm = expand(sha256, prk, new TextEncoder().encode(NUMBER_LABEL), 16);
              const sframeBaseKey = expand(sha256, prk, new TextEncoder().encode(SFRAME_LABEL), 32);
              const number = numberFromOkm(okm);
              return { number, display: formatNumber(number), transcript, transcriptHash: th, sharedSecret: ss, okm, sframeBaseKey };
            }
          },
        };
      },
    },
  }),
};
