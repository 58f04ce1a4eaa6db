import { defineCase } from "../../case.ts";
import { expectEqual, expectIndicatorOn, expectNumbersDiffer } from "../../verify.ts";
import { mitmExpectedNumber } from "../_wire.ts";

// The callee-side twin of verify.mitm-differs: catches a callee whose number leaves out the caller's key or
// fingerprint as it received them (e.g. a number from the callee's own values only), which a man in the middle
// could then make equal on both ends.
export default defineCase({
  id: "verify.mitm-differs.callee",
  clause: "§2.2 V2",
  level: "MUST",
  title: "Active man in the middle: the two numbers differ (implementation as callee)",
  requirement:
    "Both ends MUST derive the same number when nobody interfered; under key or fingerprint substitution the " +
    "numbers differ (§5.4).",
  tags: ["verify", "e2ee", "adversary", "impl-callee"],
  async run(h) {
    await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
    const [ref, impl] = await Promise.all([h.ref("alice"), h.impl("bob")]);
    await h.adversary("mitm", "alice");
    const call = await h.call(ref, impl);
    expectIndicatorOn(call.callee, "The implementation (callee)");
    expectIndicatorOn(call.caller, "The reference (caller)");
    expectNumbersDiffer(call.caller, call.callee);
    // SPEC §8 (mitm): the implementation's number MUST be the one derived from exactly what its leg received (the
    // adversary's key and the processor's certificate); the service's evidence lets the suite compute it.
    const expected = mitmExpectedNumber(await h.record(call.id), "callee");
    expectEqual(
      call.callee.e2ee.number,
      expected,
      "The implementation's number is not the one its leg's keys and certificates give",
    );
  },
});
