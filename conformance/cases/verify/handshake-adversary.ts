/**
 * Handshake messages under attack and in order (SPEC §5.2, §5.3, §5.8, §8): a low-order key given to the caller, an
 * offer that reaches the callee before a forged reveal, and the order in which the implementation (caller) sends its
 * own handshake messages, as the service observed them.
 */
import { defineCase } from "../../case.ts";
import { expectIndicatorOn, expectNumbersEqual, expectTrue } from "../../verify.ts";
import { expectEndedWithCommitmentMismatch, expectEndsCallWith, pair } from "../_roles.ts";
import { expectRevealAfterAccept } from "../_wire.ts";

// Catches a caller that accepts a low-order X25519 key (all-zero shared secret) and derives a number from it, or
// rejects it without hanging up with E2EE_LOW_ORDER_KEY.
const lowOrder = defineCase({
  id: "verify.low-order-key.caller",
  clause: "§5.3",
  level: "MUST",
  title: "A low-order key from the callee ends the call with E2EE_LOW_ORDER_KEY (implementation as caller)",
  requirement: "An all-zero `ss` (low-order peer key, RFC 7748 §6.1) MUST be rejected with " +
    "`E2EE_LOW_ORDER_KEY`, and the endpoint MUST hang up with that code (§5.8).",
  tags: ["verify", "e2ee", "adversary", "impl-caller"],
  async run(h) {
    await expectEndsCallWith(h, "low-order", "caller", "E2EE_LOW_ORDER_KEY");
  },
});

// Catches a callee that accepts a revealed low-order key (the commitment to it checks out) and derives a number.
const lowOrderCallee = defineCase({
  id: "verify.low-order-key.callee",
  clause: "§5.3",
  level: "MUST",
  title: "A revealed low-order key that matches its commitment ends the call with E2EE_LOW_ORDER_KEY " +
    "(implementation as callee)",
  requirement: "An all-zero `ss` (low-order peer key, RFC 7748 §6.1) MUST be rejected with " +
    "`E2EE_LOW_ORDER_KEY`, and the endpoint MUST hang up with that code (§5.8).",
  tags: ["verify", "e2ee", "adversary", "impl-callee"],
  async run(h) {
    await expectEndsCallWith(h, "low-order-callee", "callee", "E2EE_LOW_ORDER_KEY");
  },
});

// Catches a callee that checks the commitment only when the reveal arrives before the offer (the usual order) and
// skips it when the offer comes first.
const reorder = defineCase({
  id: "verify.reorder.callee",
  clause: "§2.2 V4",
  level: "MUST",
  title: "An offer before a forged reveal still ends the call with E2EE_COMMITMENT_MISMATCH (implementation as callee)",
  requirement:
    "The caller MUST commit before it reveals (§5.2); a reveal that does not match the commitment MUST end " +
    "the call with the stated reason E2EE_COMMITMENT_MISMATCH.",
  tags: ["verify", "e2ee", "adversary", "impl-callee"],
  async run(h) {
    await expectEndedWithCommitmentMismatch(h, "reorder", "callee");
  },
});

// Catches a caller that sends its key before the callee's accept arrived (the commitment then binds nothing the
// callee chose), even if it sends it again afterwards.
const revealOrder = defineCase({
  id: "verify.reveal-after-accept.caller",
  clause: "§5.2",
  level: "MUST",
  title: "The implementation (caller) reveals its key only after the callee's accept, as the service observed it",
  requirement: "The caller MUST send `commit` and `versions` in its invite and MUST NOT send `pkA` before it has " +
    "received the callee's accept with `pk`, `fp` and `version` (§6.1).",
  tags: ["verify", "e2ee", "impl-caller"],
  async run(h) {
    await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
    const p = await pair(h, "caller");
    const call = await h.call(p.caller, p.callee);
    expectIndicatorOn(call.caller, "The implementation (caller)");
    expectNumbersEqual(call.caller, call.callee);
    const rec = await h.record(call.id);
    const invite = rec.log.find((e) => e.event === "signal" && (e.detail as { type?: string })?.type === "invite");
    expectTrue(
      typeof (invite?.detail as { commit?: unknown })?.commit === "string",
      "The implementation's invite carried no commitment",
      "invite with e2ee.commit",
      invite?.detail ?? null,
    );
    expectRevealAfterAccept(rec, "The implementation");
  },
});

export default [lowOrder, lowOrderCallee, reorder, revealOrder];
