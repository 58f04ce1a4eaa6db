/**
 * Key confirmation (SPEC §5.9, §8 confirm-tamper-*, confirm-withhold): a tag that does not verify ends the call with
 * E2EE_CONFIRM_FAILED, and a tag that never comes ends it at the confirmation deadline; in both the endpoint never
 * shows the indicator and sends no RTP media (judged on the relay's wire). Each in both roles.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectNeverShown } from "../../verify.ts";
import { callUnder, expectByDeadline, expectHungUpWith, expectNoRtpFrom } from "../_confirm.ts";
import { ROLES, roleTag } from "../_roles.ts";

// Catches an endpoint that does not verify the peer's confirmation (or shows the indicator or sends media first).
const tampered: Case[] = ROLES.map((as) =>
  defineCase({
    id: `verify.confirm.tampered.${as}`,
    clause: "§8",
    level: "MUST",
    title: `A key confirmation that does not verify ends the call with E2EE_CONFIRM_FAILED (implementation as ${as})`,
    requirement:
      "the side that receives the altered tag ends `E2EE_CONFIRM_FAILED`, no indicator, and sends no RTP media",
    tags: ["verify", "e2ee", "adversary", "confirm", "wire", roleTag(as)],
    async run(h) {
      // Only the implementation receives an altered tag; the reference's confirmation verifies, so the call would stay
      // up if the implementation did not check.
      const u = await callUnder(h, `confirm-tamper-${as}`, as, { waitMs: 15_000 });
      expectHungUpWith(u.rec, as, u.impl, "E2EE_CONFIRM_FAILED");
      expectNeverShown(u.states, "The implementation");
      expectNoRtpFrom(u.rec, as);
    },
  })
);

// Catches an endpoint that never gives up waiting for its peer's tag (no deadline), that shows the indicator once its
// DTLS connected without the tag, or that sends media before the tag verified. The seed names the side that never
// gets its peer's tag (even: the caller, odd: the callee); seedToward() makes it the implementation.
const withheld: Case[] = ROLES.map((as) =>
  defineCase({
    id: `verify.confirm.withheld.${as}`,
    clause: "§8",
    level: "MUST",
    title: `Without the ${as === "caller" ? "callee" : "caller"}'s confirmation the implementation (${as}) shows ` +
      "nothing, sends no RTP media, and hangs up with E2EE_CONFIRM_FAILED at its deadline",
    requirement: "that side ends `E2EE_CONFIRM_FAILED` at its confirmation deadline (§5.9), no indicator, and sends " +
      "no RTP media while it waits",
    tags: ["verify", "e2ee", "adversary", "confirm", "wire", roleTag(as)],
    async run(h) {
      const u = await callUnder(h, "confirm-withhold", as, { waitMs: 18_000 });
      expectNeverShown(u.states, "The implementation");
      expectNoRtpFrom(u.rec, as);
      expectHungUpWith(u.rec, as, u.impl, "E2EE_CONFIRM_FAILED");
      expectByDeadline(u.rec, as);
    },
  })
);

export default [...tampered, ...withheld];
