import { defineCase } from "../../case.ts";
import { expectEqual, expectIndicatorOn, expectNumbersDiffer } from "../../verify.ts";
import { mitmExpectedNumber } from "../_wire.ts";

export default defineCase({
  id: "verify.mitm-differs",
  clause: "§2.2 V2",
  level: "MUST",
  title: "Active man in the middle: the two numbers differ",
  requirement:
    "Both ends MUST derive the same number when nobody interfered; under key or fingerprint substitution the " +
    "numbers differ (§5.4).",
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
    // SPEC §8 (mitm): the implementation's number MUST be the one derived from exactly what its leg received (the
    // adversary's key and the processor's certificate); the service's evidence lets the suite compute it.
    const expected = mitmExpectedNumber(await h.record(call.id), "caller");
    expectEqual(
      call.caller.e2ee.number,
      expected,
      "The implementation's number is not the one its leg's keys and certificates give",
    );
  },
});
