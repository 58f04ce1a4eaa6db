/**
 * Media anchored at the processor behind an honest-looking handshake (SPEC §8 anchor, §2.3 M2, M3): the callee's
 * commitment check over fpA fails, the call ends, and no indicator remains on.
 */
import { defineCase } from "../../case.ts";
import { expectEndedWithCommitmentMismatch } from "../_roles.ts";

const requirement =
  "In an E2EE call no intermediate MUST terminate DTLS or see media in the clear; no media flows through the media processor (§4.3).";

// Catches a callee that checks the revealed key but not the fingerprint of the offer it applies (§5.2, §5.7), so
// it would connect to the processor with the indicator on.
const callee = defineCase({
  id: "media.anchor.callee",
  clause: "§2.3 M3",
  level: "MUST",
  title: "Media anchored at the processor: the implementation (callee) ends the call with E2EE_COMMITMENT_MISMATCH",
  requirement,
  tags: ["media", "adversary", "impl-callee"],
  async run(h) {
    await expectEndedWithCommitmentMismatch(h, "anchor", "callee");
  },
});

// Catches a caller that keeps its indicator (or number) on after the callee ended the anchored call.
const caller = defineCase({
  id: "media.anchor.caller",
  clause: "§2.3 M3",
  level: "MUST",
  title: "Media anchored at the processor: the call ends and the implementation (caller) has no indicator left on",
  requirement,
  tags: ["media", "adversary", "impl-caller"],
  async run(h) {
    await expectEndedWithCommitmentMismatch(h, "anchor", "caller");
  },
});

export default [callee, caller];
