/** Mutant (SPEC §5.4): the number is derived without the callee's fingerprint (fpB is filled with fpA). */
import {
  CalleeHandshake,
  CallerHandshake,
  fingerprintFromBytes,
  generateKeyPair,
  normaliseFingerprint,
} from "../../crypto/mod.ts";
import { ShieldCallError } from "../../errors.ts";
import type { Mutant } from "../mutants.ts";
import { calleeWith, callerWith } from "./_handshake.ts";

/** SPEC §6.1 kept honest: later descriptions are checked against the real fingerprint, not the one in the number. */
function checkAgainst(real: string, fp: string, side: string): void {
  if (normaliseFingerprint(fp) !== real) {
    throw new ShieldCallError("E2EE_FINGERPRINT_MISMATCH", `The ${side}'s fingerprint differs from the bound one`);
  }
}

export const numberWithoutCalleeFingerprint: Mutant = {
  id: "number-without-callee-fingerprint",
  clause: "§2.2 V2",
  description: "The verification number leaves out the callee's DTLS fingerprint (fpA stands in for fpB)",
  hints: ["verify.mitm-differs", "verify.honest-equal"],
  variant: () => ({
    handshakes: {
      caller: (_call, opts) => {
        const hs = new CallerHandshake(opts);
        let fpA = "";
        let realB = "";
        return callerWith(hs, {
          commit(fp) {
            fpA = fp;
            return hs.commit(fp);
          },
          acceptReceived(pk, fp, v, profile) {
            realB = typeof fp === "string" ? normaliseFingerprint(fp) : fingerprintFromBytes(fp);
            // The fault: fpA in fpB's place in the transcript.
            return hs.acceptReceived(pk, fpA, v, profile);
          },
          checkFingerprint(side, fp) {
            if (side === "callee") return checkAgainst(realB, fp, side);
            hs.checkFingerprint(side, fp);
          },
        });
      },
      callee: (_call, opts) => {
        const privateKey = generateKeyPair().privateKey;
        let hs = new CalleeHandshake({ ...opts, privateKey });
        let realB = "";
        return calleeWith(() => hs, {
          accept(fp) {
            realB = normaliseFingerprint(fp);
            return hs.accept(fp);
          },
          onReveal(pkA, fpA) {
            // The fault: the transcript takes fpA in fpB's place (a fresh handshake accepted "with" fpA).
            hs = new CalleeHandshake({ ...opts, privateKey });
            hs.accept(fpA);
            return hs.onReveal(pkA, fpA);
          },
          checkFingerprint(side, fp) {
            if (side === "callee") return checkAgainst(realB, fp, side);
            hs.checkFingerprint(side, fp);
          },
        });
      },
    },
  }),
};
