/**
 * Mutant (SPEC §6.1, §8 answer-fp-swap): the caller binds the callee's fingerprint from the SDP answer, which arrives
 * after its reveal (the protocol-2 order), instead of from `accept`: its reveal does not wait for the callee's bound
 * certificate, so a service in the middle can choose the certificate after seeing pkA (the grinding window).
 */
import { CallerHandshake, deriveVerification, generateKeyPair, normaliseFingerprint } from "../../crypto/mod.ts";
import type { Mutant } from "../mutants.ts";
import { callerWith } from "./_handshake.ts";

interface Held {
  privateKey: Uint8Array;
  ids: { callId: string; callerId: string; calleeId: string };
  versions: readonly number[];
  commit: Uint8Array;
  pkA: Uint8Array;
  fpA: string;
  pkB: Uint8Array;
  version: number;
}

export const revealBeforeCalleeFp: Mutant = {
  id: "reveal-before-callee-fp",
  clause: "§6.1",
  description:
    "The caller binds the callee's fingerprint from the SDP answer it gets after its reveal, not from accept",
  hints: ["verify.answer-fp-swap"],
  variant: () => {
    const held = new Map<string, Held>();
    return {
      handshakes: {
        caller: (call, opts) => {
          const privateKey = generateKeyPair().privateKey;
          const hs = new CallerHandshake({ ...opts, privateKey });
          const h: Held = {
            privateKey,
            ids: { callId: opts.callId, callerId: opts.callerId, calleeId: opts.calleeId },
            versions: hs.versions,
            commit: new Uint8Array(0),
            pkA: hs.publicKey,
            fpA: "",
            pkB: new Uint8Array(0),
            version: 0,
          };
          held.set(call.callId, h);
          return callerWith(hs, {
            commit(fp) {
              h.fpA = normaliseFingerprint(fp);
              return (h.commit = hs.commit(fp));
            },
            acceptReceived(pkB, fp, version, profile) {
              h.pkB = pkB.slice();
              h.version = version;
              return hs.acceptReceived(pkB, fp, version, profile);
            },
          });
        },
      },
      answerFingerprintCheck: (call, fp) => {
        const h = held.get(call.callId);
        if (!h) return;
        // The fault: no check against accept's fp; the number is bound to the answer's certificate instead.
        call.verification = deriveVerification({
          ...h.ids,
          role: "caller",
          privateKey: h.privateKey,
          versions: h.versions,
          version: h.version,
          commit: h.commit,
          pkA: h.pkA,
          fpA: h.fpA,
          pkB: h.pkB,
          fpB: normaliseFingerprint(fp),
        });
      },
    };
  },
};
