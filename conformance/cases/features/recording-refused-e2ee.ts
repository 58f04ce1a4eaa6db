import { defineCase } from "../../case.ts";
import { expectFeatureAbsent, expectIndicatorOn, expectRefused } from "../../verify.ts";

export default defineCase({
  id: "feature.recording.refused-e2ee",
  clause: "§2.4 F1",
  level: "MUST",
  title: "Recording is absent and refused in an E2EE call",
  requirement: "While a call is E2EE, recording MUST be absent from the features the endpoint offers and MUST be refused by the endpoint with FEATURE_DISABLED_E2EE.",
  tags: ["features", "e2ee", "F1"],
  async run(h) {
    await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
    const impl = await h.impl("alice");
    const ref = await h.ref("bob");
    const call = await h.call(impl, ref);
    expectIndicatorOn(call.caller, "The implementation");
    expectFeatureAbsent(call.caller, "recording", "The implementation");
    await expectRefused(impl.feature(call.id, "recording"), "FEATURE_DISABLED_E2EE", "Recording");
    expectIndicatorOn(await impl.state(call.id), "The implementation after the refused request (F10)");
  },
});
