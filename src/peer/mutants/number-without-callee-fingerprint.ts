/** Mutant (SPEC §5.4): the number is derived without the callee's fingerprint (fpB is filled with fpA). */
import type { Mutant } from "../mutants.ts";
import { withFinish } from "./_handshake.ts";

export const numberWithoutCalleeFingerprint: Mutant = {
  id: "number-without-callee-fingerprint",
  clause: "§2.2 V2",
  description: "The verification number leaves out the callee's DTLS fingerprint (fpA stands in for fpB)",
  hints: ["verify.mitm-differs", "verify.honest-equal"],
  variant: () => ({
    // The fault: fpA (the caller's local fingerprint, the callee's remote one) in both places, fpB's included.
    handshakes: withFinish((_call, role, fps, honest) => {
      const fpA = role === "caller" ? fps.localFingerprint : fps.remoteFingerprint;
      return honest({ localFingerprint: fpA, remoteFingerprint: fpA });
    }),
  }),
};
