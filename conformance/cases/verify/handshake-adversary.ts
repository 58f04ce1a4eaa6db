/**
 * Handshake messages under attack and in order (SPEC §5.2, §5.3, §5.8, §8): a low-order key given to the caller, an
 * offer that reaches the callee before a forged reveal, and the order in which the implementation (caller) sends its
 * own handshake messages, as the service observed them.
 */
import { defineCase } from "../../case.ts";
import { expectTrue } from "../../verify.ts";
import { e2eeCall, endsUnder, roleTag, V4_REQUIREMENT } from "../_roles.ts";
import { expectRevealAfterAccept } from "../_wire.ts";

const LOW_ORDER = "An all-zero `ss` (low-order peer key, RFC 7748 §6.1) MUST be rejected with " +
  "`E2EE_LOW_ORDER_KEY`, and the endpoint MUST hang up with that code (§5.8).";

/** The two low-order cases: the adversary mode, the implementation's role, and the title. */
const LOW_ORDER_CASES = [
  // Catches a caller that accepts a low-order X25519 key (all-zero shared secret) and derives a number from it, or
  // rejects it without hanging up with E2EE_LOW_ORDER_KEY.
  ["low-order", "caller", "A low-order key from the callee ends the call with E2EE_LOW_ORDER_KEY"],
  // Catches a callee that accepts a revealed low-order key (the commitment to it checks out) and derives a number.
  [
    "low-order-callee",
    "callee",
    "A revealed low-order key that matches its commitment ends the call with E2EE_LOW_ORDER_KEY",
  ],
] as const;

const lowOrder = LOW_ORDER_CASES.map(([mode, as, title]) =>
  endsUnder(
    {
      id: `verify.low-order-key.${as}`,
      clause: "§5.3",
      title: `${title} (implementation as ${as})`,
      requirement: LOW_ORDER,
      tags: ["verify", "e2ee", "adversary", roleTag(as)],
    },
    mode,
    as,
    { code: "E2EE_LOW_ORDER_KEY" },
  )
);

// Catches a callee that checks the commitment only when the reveal arrives before the offer (the usual order) and
// skips it when the offer comes first.
const reorder = endsUnder(
  {
    id: "verify.reorder.callee",
    clause: "§2.2 V4",
    title:
      "An offer before a forged reveal still ends the call with E2EE_COMMITMENT_MISMATCH (implementation as callee)",
    requirement: V4_REQUIREMENT,
    tags: ["verify", "e2ee", "adversary", "impl-callee"],
  },
  "reorder",
  "callee",
);

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
    const { call } = await e2eeCall(h, "caller"); // SPEC §12.2: set-up, not the check
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

export default [...lowOrder, reorder, revealOrder];
