/**
 * Media anchored at the processor behind an honest-looking handshake (SPEC §8 anchor, §2.3 M2, M3): the callee's
 * commitment check over fpA fails and it ends the call; the caller never shows the indicator, sends no media to the
 * processor that terminates its DTLS, and its call ends.
 */
import { CaseFailure } from "../../case.ts";
import { expectEnded, expectNeverShown } from "../../verify.ts";
import { checkedUnder } from "../_confirm.ts";
import { endsUnder } from "../_roles.ts";

const requirement =
  "In an E2EE call no intermediate MUST terminate DTLS or see media in the clear; no media flows through the " +
  "media processor (§4.3).";

// Catches a callee that checks the revealed key but not the fingerprint of the offer it applies (§5.2, §5.7), so
// it would connect to the processor with the indicator on.
const callee = endsUnder(
  {
    id: "media.anchor.callee",
    clause: "§2.3 M3",
    title: "Media anchored at the processor: the implementation (callee) ends the call with E2EE_COMMITMENT_MISMATCH",
    requirement,
    tags: ["media", "adversary", "impl-callee"],
  },
  "anchor",
  "callee",
);

// Catches a caller that shows the indicator before the callee confirmed (e.g. from the topology), or that sends its
// media to the processor holding its DTLS (media before the peer's confirm, or an answer whose certificate is not
// the one bound in accept), or whose call does not end.
const caller = checkedUnder(
  {
    id: "media.anchor.caller",
    clause: "§2.3 M3",
    title: "Media anchored at the processor: the implementation (caller) never shows the indicator, sends the " +
      "processor no media, and its call ends",
    requirement,
    tags: ["media", "adversary", "wire", "impl-caller"],
  },
  "anchor",
  "caller",
  { waitMs: 15_000 },
  (u) => {
    expectNeverShown(u.states, "The implementation");
    // SPEC §8 (anchor): the processor holds the caller's DTLS, so what it decoded from the caller is what left it.
    const leg = u.rec.evidence.processor?.caller as
      | { audioFramesWithEnergy?: number; videoFramesIn?: number; heard?: string }
      | null
      | undefined;
    const sound = leg?.audioFramesWithEnergy ?? 0;
    const video = leg?.videoFramesIn ?? 0;
    if (sound > 0 || video > 0 || (leg?.heard ?? "") !== "") {
      throw new CaseFailure("The implementation (caller) sent media to the processor that terminated its DTLS", 0, {
        audioFramesWithEnergy: sound,
        videoFramesIn: video,
        heard: leg?.heard ?? "",
      });
    }
    expectEnded(u.end, "The implementation");
  },
);

export default [callee, caller];
