/**
 * SPEC §8 answer-fp-swap, §6.1: the service rewrites the fingerprint of the SDP answer it forwards to the caller, so
 * it differs from the `fp` the callee bound in `accept`. The caller ends the call with E2EE_FINGERPRINT_MISMATCH
 * before it applies the answer; nobody shows the indicator, and the caller sends no RTP media.
 */
import { expectEnded, expectNeverShown } from "../../verify.ts";
import { checkedUnder, expectHungUpWith, expectNoRtpFrom } from "../_confirm.ts";

const requirement =
  "caller ends `E2EE_FINGERPRINT_MISMATCH` before it applies the answer, no indicator, no RTP media from the caller";

// Catches a caller that applies an answer whose certificate is not the one bound in accept (the grinding window),
// or that binds the callee's fingerprint from the answer instead of the accept.
const caller = checkedUnder(
  {
    id: "verify.answer-fp-swap.caller",
    clause: "§8",
    title: "An answer whose fingerprint differs from accept's: the implementation (caller) hangs up with " +
      "E2EE_FINGERPRINT_MISMATCH and sends no RTP media",
    requirement,
    tags: ["verify", "e2ee", "adversary", "wire", "impl-caller"],
  },
  "answer-fp-swap",
  "caller",
  { waitMs: 15_000 },
  (u) => {
    expectHungUpWith(u.rec, "caller", u.impl, "E2EE_FINGERPRINT_MISMATCH");
    expectNeverShown(u.states, "The implementation");
    expectNoRtpFrom(u.rec, "caller");
  },
);

// Catches a callee that shows the indicator (or keeps the call) when the caller could not bind its certificate.
const callee = checkedUnder(
  {
    id: "verify.answer-fp-swap.callee",
    clause: "§8",
    title: "The caller refuses the rewritten answer: the call ends and the implementation (callee) never shows " +
      "the indicator",
    requirement,
    tags: ["verify", "e2ee", "adversary", "impl-callee"],
  },
  "answer-fp-swap",
  "callee",
  { waitMs: 15_000 },
  (u) => {
    expectEnded(u.end, "The implementation");
    expectNeverShown(u.states, "The implementation");
  },
);

export default [caller, callee];
