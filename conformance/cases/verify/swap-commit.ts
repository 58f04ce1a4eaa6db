/**
 * The caller commits before it reveals; a reveal that does not match the commitment ends the call (SPEC §2.2 V4,
 * §5.2, §5.8). Under the swap-commit adversary (SPEC §8) the service reveals a key other than the committed one.
 */
import { endsUnder, V4_REQUIREMENT } from "../_roles.ts";

const SWAPPED = "A reveal that does not match the commitment";

// Catches a callee that does not check the reveal against the commitment (it would connect and show a number),
// checks it only after showing the indicator, or ends the call without stating E2EE_COMMITMENT_MISMATCH.
const callee = endsUnder(
  {
    id: "verify.swap-commit.callee",
    clause: "§2.2 V4",
    title: `${SWAPPED} ends the call with E2EE_COMMITMENT_MISMATCH (implementation as callee)`,
    requirement: V4_REQUIREMENT,
    tags: ["verify", "e2ee", "adversary", "impl-callee"],
  },
  "swap-commit",
  "callee",
);

// Catches a caller that shows the indicator before the handshake completed, or keeps it after the callee ended the
// call for the mismatch.
const caller = endsUnder(
  {
    id: "verify.swap-commit.caller",
    clause: "§2.2 V4",
    title: "Under a swapped reveal the call ends and the implementation (caller) never shows the indicator",
    requirement: V4_REQUIREMENT,
    tags: ["verify", "e2ee", "adversary", "impl-caller"],
  },
  "swap-commit",
  "caller",
  { neverShown: true },
);

export default [callee, caller];
