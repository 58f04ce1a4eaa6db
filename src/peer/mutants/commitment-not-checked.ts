/** Mutant (SPEC §2.2 V4): the callee does not check the reveal against the commitment (libbzrtp CVE-2016-6271). */
import type { Mutant } from "../mutants.ts";
import { calleeRecommitting } from "./_handshake.ts";

export const commitmentNotChecked: Mutant = {
  id: "commitment-not-checked",
  clause: "§2.2 V4",
  description: "The callee does not check the reveal against the commitment (libbzrtp CVE-2016-6271)",
  hints: ["verify", "adversary"],
  variant: () => ({
    handshakes: {
      callee: (_call, opts) =>
        calleeRecommitting(opts, (pkA, remoteFingerprint, hs) => {
          try {
            return hs.current().onReveal(pkA, remoteFingerprint);
          } catch {
            // The fault: carry on as if the reveal matched, with a commitment made up from what was revealed.
            hs.takeAsMatching();
            return hs.current().onReveal(pkA, remoteFingerprint);
          }
        }),
    },
  }),
};
