/** Mutant (SPEC §2.2 V4): the callee does not check the reveal against the commitment (libbzrtp CVE-2016-6271). */
import { CalleeHandshake, commitment, generateKeyPair, normaliseFingerprint } from "../../crypto/mod.ts";
import type { Mutant } from "../mutants.ts";

export const commitmentNotChecked: Mutant = {
  id: "commitment-not-checked",
  clause: "§2.2 V4",
  description: "The callee does not check the reveal against the commitment (libbzrtp CVE-2016-6271)",
  hints: ["verify", "adversary"],
  variant: () => ({
    handshakes: {
      callee: (_call, opts) => {
        const privateKey = generateKeyPair().privateKey;
        let hs = new CalleeHandshake({ ...opts, privateKey });
        return {
          publicKey: hs.publicKey,
          onReveal(pkA, remoteFingerprint) {
            try {
              hs.onReveal(pkA, remoteFingerprint);
            } catch {
              // The fault: carry on as if the reveal matched, with a commitment made up from what was revealed.
              const fpA = normaliseFingerprint(remoteFingerprint);
              hs = new CalleeHandshake({ ...opts, privateKey, commit: commitment(opts.callId, pkA, fpA) });
              hs.onReveal(pkA, remoteFingerprint);
            }
          },
          finish: (fps) => hs.finish(fps),
        };
      },
    },
  }),
};
