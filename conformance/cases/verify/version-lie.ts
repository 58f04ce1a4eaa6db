/**
 * SPEC §8 version-lie, §5.2, §6.1: the service lies about protocol versions. Toward the callee it adds a version to
 * `incoming.e2ee.versions`, which the caller's commitment covers, so the callee's commitment check fails; toward the
 * caller it rewrites `accepted.e2ee.version` to one the caller did not offer, and the caller ends the call before it
 * reveals its key. Neither side shows the indicator or sends RTP media.
 */
import { CaseFailure } from "../../case.ts";
import { expectNeverShown } from "../../verify.ts";
import { checkedUnder, expectHungUpWith, expectNoRtpFrom, sent } from "../_confirm.ts";

const requirement =
  "versions lie: callee ends `E2EE_COMMITMENT_MISMATCH` (the commitment covers `versions`); version lie: " +
  "caller ends `E2EE_BAD_VERSION` before it sends `reveal`; no indicator on either side";

// Catches a caller that takes a version it never offered (and reveals its key into a call it cannot authenticate).
const caller = checkedUnder(
  {
    id: "verify.version-lie.caller",
    clause: "§8",
    title: "A chosen version the caller did not offer: the implementation (caller) hangs up with E2EE_BAD_VERSION " +
      "before it reveals",
    requirement,
    tags: ["verify", "e2ee", "adversary", "impl-caller"],
  },
  "version-lie",
  "caller",
  // SPEC §8: an odd seed rewrites the chosen version toward the caller.
  (h) => ({ seed: h.seed - (h.seed % 2) + 1, waitMs: 15_000 }),
  (u) => {
    expectHungUpWith(u.rec, "caller", u.impl, "E2EE_BAD_VERSION");
    const reveals = sent(u.rec, "caller", "reveal");
    if (reveals.length > 0) {
      throw new CaseFailure("The implementation (caller) revealed its key after a version it did not offer", 0, {
        reveals: reveals.length,
      });
    }
    expectNeverShown(u.states, "The implementation");
    expectNoRtpFrom(u.rec, "caller");
  },
);

// Catches a callee that does not bind the offered versions into its commitment check.
const callee = checkedUnder(
  {
    id: "verify.version-lie.callee",
    clause: "§8",
    title: "Offered versions rewritten on the way: the implementation (callee) hangs up with E2EE_COMMITMENT_MISMATCH",
    requirement,
    tags: ["verify", "e2ee", "adversary", "impl-callee"],
  },
  "version-lie",
  "callee",
  // SPEC §8: an even seed rewrites the offered versions toward the callee.
  (h) => ({ seed: h.seed - (h.seed % 2), waitMs: 15_000 }),
  (u) => {
    expectHungUpWith(u.rec, "callee", u.impl, "E2EE_COMMITMENT_MISMATCH");
    expectNeverShown(u.states, "The implementation");
    expectNoRtpFrom(u.rec, "callee");
  },
);

export default [caller, callee];
