/**
 * SPEC §2.4 F1–F10 with the implementation as the callee: in one E2EE call it offers none of the 13 features and
 * refuses every one of them with FEATURE_DISABLED_E2EE, and the call stays E2EE with the same number.
 *
 * Catches an implementation that applies the rule only to calls it placed (e.g. checks "my invite carried a
 * commitment" instead of the call's topology), or whose callee path copies the feature list of the service's
 * `accepted` message without looking at the topology.
 */
import { defineCase } from "../../case.ts";
import { CaseFailure } from "../../case.ts";
import { expectFeatureAbsent, refusal } from "../../verify.ts";
import { argsFor, e2eeCall, expectRefusalChangedNothing, FEATURES } from "./_features.ts";

export default defineCase({
  id: "feature.all.refused-e2ee-callee",
  clause: "§2.4 F1–F10",
  level: "MUST",
  title: "As the callee of an E2EE call, the implementation offers and performs none of the 13 features",
  requirement: "While a call is E2EE each feature below MUST be absent from the features the endpoint offers for the " +
    "call, MUST be refused by the endpoint with `FEATURE_DISABLED_E2EE`, and MUST be refused by the " +
    "service with the same code.",
  tags: ["features", "e2ee", "impl-callee", "F1", "F2", "F3", "F4", "F5", "F6", "F7", "F8", "F9", "F10"],
  async run(h) {
    const { t, impl, ref, call, implState, refState } = await e2eeCall(h, "callee");
    for (const f of FEATURES) expectFeatureAbsent(implState, f, "The implementation (callee)");
    const wrong: Record<string, string> = {};
    for (const f of FEATURES) {
      const code = await refusal(impl.feature(call.id, f, argsFor(t, f)));
      if (code !== "FEATURE_DISABLED_E2EE") wrong[f] = code ?? "accepted";
    }
    if (Object.keys(wrong).length) {
      throw new CaseFailure(
        "The implementation (callee) did not refuse every feature with FEATURE_DISABLED_E2EE",
        "FEATURE_DISABLED_E2EE for all 13",
        wrong,
      );
    }
    await expectRefusalChangedNothing(h, { impl, ref, call, before: { impl: implState, ref: refState } }, FEATURES);
  },
});
