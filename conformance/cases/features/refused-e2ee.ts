/**
 * SPEC §2.4 F1–F9 with F10: in an E2EE call each of the 13 features is absent from what the implementation offers,
 * is refused by it with FEATURE_DISABLED_E2EE, and asking for it changes nothing about the call — one case per
 * feature (`feature.<name>.refused-e2ee`), the implementation as the caller that asks.
 *
 * Broken implementations these catch: one that lists a feature in an E2EE call (copies a static feature list into
 * CallState); one that refuses with another code (FEATURE_FAILED, BAD_STATE) or performs the request; one that
 * "helps" the user by hanging up and re-dialling without E2EE, renegotiating, or dropping the indicator (F10).
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectFeatureAbsent, expectRefused } from "../../verify.ts";
import { argsFor, e2eeCall, expectRefusalChangedNothing, FEATURE_CLAUSE, FEATURES } from "./_features.ts";
import type { Feature } from "./_features.ts";

function refusedCase(f: Feature): Case {
  return defineCase({
    id: `feature.${f}.refused-e2ee`,
    clause: `§2.4 ${FEATURE_CLAUSE[f]}`,
    level: "MUST",
    title: `"${f}" is absent and refused in an E2EE call, and asking keeps E2EE on`,
    requirement:
      "While a call is E2EE each feature below MUST be absent from the features the endpoint offers for the " +
      "call, MUST be refused by the endpoint with `FEATURE_DISABLED_E2EE`, and MUST be refused by the " +
      "service with the same code.",
    tags: ["features", "e2ee", FEATURE_CLAUSE[f], "F10"],
    async run(h) {
      const { t, impl, ref, call, implState, refState } = await e2eeCall(h, "caller");
      expectFeatureAbsent(implState, f, "The implementation");
      await expectRefused(
        impl.feature(call.id, f, argsFor(t, f)),
        "FEATURE_DISABLED_E2EE",
        `The implementation's request for "${f}"`,
      );
      await expectRefusalChangedNothing(h, { impl, ref, call, before: { impl: implState, ref: refState } }, [f]);
    },
  });
}

export default FEATURES.map(refusedCase);
