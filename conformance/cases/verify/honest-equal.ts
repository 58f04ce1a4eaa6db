import { defineCase } from "../../case.ts";
import { expectIndicatorOn, expectNumbersEqual } from "../../verify.ts";

export default defineCase({
  id: "verify.honest-equal",
  clause: "§2.2 V2",
  level: "MUST",
  title: "Honest E2EE call: both ends show the same number",
  requirement:
    "Both ends MUST derive the same number when nobody interfered; under key or fingerprint substitution the " +
    "numbers differ (§5.4).",
  tags: ["verify", "e2ee"],
  async run(h) {
    await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
    const impl = await h.impl("alice");
    const ref = await h.ref("bob");
    const call = await h.call(impl, ref);
    expectIndicatorOn(call.caller, "The implementation (caller)");
    expectIndicatorOn(call.callee, "The reference (callee)");
    expectNumbersEqual(call.caller, call.callee);
  },
});
