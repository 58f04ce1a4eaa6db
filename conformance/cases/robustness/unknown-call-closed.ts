/**
 * SPEC §6 endpoint side (S2): an endpoint ignores the service ending or cancelling a call it does not know — it
 * sends nothing in reply (checked on the wire: the service counts every frame the endpoint sends, §10) and creates no
 * call.
 */
import { defineCase } from "../../case.ts";
import { expectResponsive, expectTrue, preconditionSync, refusal, ROOT_CAUSES } from "../../verify.ts";
import { pair } from "../_roles.ts";
import { expectSentNothing, traffic } from "./_traffic.ts";

// Catches an endpoint that answers `ended`/`cancelled` for an unknown call (a `hangup`, an echo, any frame), or that
// makes up a call record for it; also one that crashes or wedges on it (it must keep answering the driver).
export default defineCase({
  id: "robustness.unknown-call-closed",
  clause: "§6 S2",
  level: "MUST",
  title: "The service ending and cancelling a call the implementation does not know gets no reply and changes nothing",
  requirement: "Endpoint side (S2): an endpoint that receives a service frame it rejects (too large, not JSON, not a " +
    "message object, unknown type, schema, unknown call, or out of state) MUST ignore it: it changes " +
    "nothing and sends nothing in reply.",
  tags: ["robustness", "impl-callee"],
  async run(h) {
    await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
    const p = await pair(h, "callee");
    const unknown = "Yy9neverPlacedCall0000";
    const t0 = await traffic(h, p.impl.userId!);
    const sent = await h.admin.inject(p.impl.userId!, [
      JSON.stringify({ type: "ended", callId: unknown, reason: "hangup", by: p.ref.userId }),
      JSON.stringify({ type: "cancelled", callId: unknown, reason: "cancelled" }),
      JSON.stringify({
        type: "ended",
        callId: unknown,
        reason: "E2EE_COMMITMENT_MISMATCH",
        code: "E2EE_COMMITMENT_MISMATCH",
      }),
    ]);
    preconditionSync(
      ROOT_CAUSES.service,
      () =>
        expectTrue(sent.endpoints === 1, "The service did not reach the implementation's endpoint", 1, sent.endpoints),
    );
    // The endpoint's own rule: nothing sent in reply to frames about a call it does not have.
    await expectSentNothing(h, p.impl.userId!, t0, "`ended`/`cancelled` for a call it does not know");
    await expectResponsive(p.impl, "The implementation");
    const code = await refusal(p.impl.state(unknown));
    expectTrue(code !== null, "The implementation made up a call for the unknown call id", "an error", "a CallState");
  },
});
