import { defineCase } from "../../case.ts";
import { expectIndicatorOn, expectNumbersDiffer } from "../../verify.ts";

export default defineCase({
  id: "verify.mitm-differs",
  clause: "§2.2 V2",
  level: "MUST",
  title: "Active man in the middle: the two numbers differ",
  requirement: "Under key or fingerprint substitution the numbers differ, so users comparing them detect the interception.",
  tags: ["verify", "e2ee", "adversary"],
  async run(h) {
    await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
    const impl = await h.impl("alice");
    const ref = await h.ref("bob");
    await h.adversary("mitm", "alice");
    const call = await h.call(impl, ref);
    expectIndicatorOn(call.caller, "The implementation (caller)");
    expectIndicatorOn(call.callee, "The reference (callee)");
    expectNumbersDiffer(call.caller, call.callee);
  },
});
