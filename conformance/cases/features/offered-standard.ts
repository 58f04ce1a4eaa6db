/**
 * SPEC §2.4: "In a standard call each works" — first, the implementation offers each of the 13 features in a
 * standard call (users allowed, E2EE off), one case per feature (`feature.<name>.offered-standard`).
 *
 * Catches an implementation that never offers a feature (hard-codes an empty list, or keeps the E2EE rule on in
 * standard calls), and so would pass every refusal case by offering nothing at all.
 */
import { CaseFailure, defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectFeatureOffered } from "../../verify.ts";
import { FEATURE_CLAUSE, FEATURES, standardCall } from "./_features.ts";
import type { Feature } from "./_features.ts";

function offeredCase(f: Feature): Case {
  return defineCase({
    id: `feature.${f}.offered-standard`,
    clause: `§2.4 ${FEATURE_CLAUSE[f]}`,
    level: "MUST",
    title: `"${f}" is offered in a standard call`,
    requirement: "In a standard call each works (§4.4, §4.5).",
    tags: ["features", "standard", FEATURE_CLAUSE[f]],
    async run(h) {
      const { implState } = await standardCall(h, "caller");
      expectFeatureOffered(implState, f, "The implementation");
    },
  });
}

/** The implementation as the callee of a standard call offers all 13 (its callee path is not a separate gap). */
const calleeCase = defineCase({
  id: "feature.all.offered-standard-callee",
  clause: "§2.4 F1–F9",
  level: "MUST",
  title: "As the callee of a standard call, the implementation offers all 13 features",
  requirement: "In a standard call each works (§4.4, §4.5).",
  tags: ["features", "standard", "impl-callee", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9"],
  async run(h) {
    const { implState } = await standardCall(h, "callee");
    const missing = FEATURES.filter((f) => !implState.features.includes(f));
    if (missing.length) {
      throw new CaseFailure("The implementation (callee) does not offer every feature in a standard call", [
        ...FEATURES,
      ], { offered: implState.features, missing });
    }
  },
});

export default [...FEATURES.map(offeredCase), calleeCase];
