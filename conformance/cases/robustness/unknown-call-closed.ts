/**
 * The implementation survives the service closing a call it does not know (SPEC §2.5 S2, §4.1): an idle endpoint
 * receives `ended` and `cancelled` for a call id it never saw, keeps answering, and its next call works as E2EE.
 */
import { defineCase } from "../../case.ts";
import { expectIndicatorOn, expectNumbersEqual, expectResponsive, expectTrue } from "../../verify.ts";
import { pair } from "../_roles.ts";

// Catches an endpoint that crashes (or wedges its call table) on `ended`/`cancelled` for an unknown call, e.g. by
// dereferencing a missing call record.
export default defineCase({
  id: "robustness.unknown-call-closed",
  clause: "§2.5 S2",
  level: "MUST",
  title: "The service ending and cancelling a call the implementation does not know changes nothing",
  requirement:
    "Malformed, oversized or out-of-state messages MUST get a clear error with a stable code (§9) and MUST change nothing.",
  tags: ["robustness", "impl-callee"],
  async run(h) {
    await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
    const p = await pair(h, "callee");
    const unknown = "Yy9neverPlacedCall0000";
    const sent = await h.admin.inject(p.impl.userId!, [
      JSON.stringify({ type: "ended", callId: unknown, reason: "hangup", by: p.ref.userId }),
      JSON.stringify({ type: "cancelled", callId: unknown, reason: "caller-cancelled" }),
      JSON.stringify({ type: "ended", callId: unknown, reason: "service-shutdown" }),
    ]);
    expectTrue(sent.endpoints === 1, "The service did not reach the implementation's endpoint", 1, sent.endpoints);
    await expectResponsive(p.impl, "The implementation");
    await p.impl.settings();
    const call = await h.call(p.caller, p.callee);
    expectIndicatorOn(call.callee, "The implementation (callee)");
    expectNumbersEqual(call.caller, call.callee);
  },
});
