/** Mutant (SPEC §2.2 V4): the callee does not check the reveal against the commitment (libbzrtp CVE-2016-6271). */
import { CalleeHandshake, commitment, generateKeyPair, normaliseFingerprint } from "../../crypto/mod.ts";
import type { Mutant } from "../mutants.ts";
import { calleeWith } from "./_handshake.ts";

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
        let fpB = "";
        return calleeWith(() => hs, {
          accept(fp) {
            fpB = fp;
            return hs.accept(fp);
          },
          onReveal(pkA, remoteFingerprint) {
            try {
              return hs.onReveal(pkA, remoteFingerprint);
            } catch {
              // The fault: carry on as if the reveal matched, with a commitment made up from what was revealed.
              const fpA = normaliseFingerprint(remoteFingerprint);
              const commit = commitment(opts.callId, opts.versions, pkA, fpA);
              hs = new CalleeHandshake({ ...opts, privateKey, commit });
              hs.accept(fpB);
              return hs.onReveal(pkA, remoteFingerprint);
            }
          },
        });
      },
    },
  }),
};
