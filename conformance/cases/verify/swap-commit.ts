/**
 * The caller commits before it reveals; a reveal that does not match the commitment ends the call (SPEC §2.2 V4,
 * §5.2, §5.8). Under the swap-commit adversary (SPEC §8) the service reveals a key other than the committed one.
 */
import { defineCase } from "../../case.ts";
import { expectEndedWithCommitmentMismatch } from "../_roles.ts";

const requirement =
  "The caller MUST commit before it reveals (§5.2); a reveal that does not match the commitment MUST end the " +
  "call with the stated reason E2EE_COMMITMENT_MISMATCH.";

// Catches a callee that does not check the reveal against the commitment (it would connect and show a number),
// checks it only after showing the indicator, or ends the call without stating E2EE_COMMITMENT_MISMATCH.
const callee = defineCase({
  id: "verify.swap-commit.callee",
  clause: "§2.2 V4",
  level: "MUST",
  title: "A reveal that does not match the commitment ends the call with E2EE_COMMITMENT_MISMATCH (implementation " +
    "as callee)",
  requirement,
  tags: ["verify", "e2ee", "adversary", "impl-callee"],
  async run(h) {
    await expectEndedWithCommitmentMismatch(h, "swap-commit", "callee");
  },
});

// Catches a caller that shows the indicator before the handshake completed, or keeps it after the callee ended the
// call for the mismatch.
const caller = defineCase({
  id: "verify.swap-commit.caller",
  clause: "§2.2 V4",
  level: "MUST",
  title: "Under a swapped reveal the call ends and the implementation (caller) never shows the indicator",
  requirement,
  tags: ["verify", "e2ee", "adversary", "impl-caller"],
  async run(h) {
    await expectEndedWithCommitmentMismatch(h, "swap-commit", "caller", { neverShown: true });
  },
});

export default [callee, caller];
