import { defineCase } from "../../case.ts";
import { expectIndicatorOn, expectNumbersEqual } from "../../verify.ts";

// The callee-side twin of verify.honest-equal: catches a callee that fills the transcript by local/remote order
// instead of by role, or takes fpA from anywhere but the caller's SDP it applied (SPEC §5.4, §5.7).
export default defineCase({
  id: "verify.honest-equal.callee",
  clause: "§2.2 V2",
  level: "MUST",
  title: "Honest E2EE call: both ends show the same number (implementation as callee)",
  requirement:
    "Both ends MUST derive the same number when nobody interfered; under key or fingerprint substitution the " +
    "numbers differ (§5.4).",
  tags: ["verify", "e2ee", "impl-callee"],
  async run(h) {
    await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
    const [ref, impl] = await Promise.all([h.ref("alice"), h.impl("bob")]);
    const call = await h.call(ref, impl);
    expectIndicatorOn(call.callee, "The implementation (callee)");
    expectIndicatorOn(call.caller, "The reference (caller)");
    expectNumbersEqual(call.caller, call.callee);
  },
});
