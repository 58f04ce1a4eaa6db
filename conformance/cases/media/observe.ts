/**
 * An observing service changes nothing (SPEC §8 observe): the call is an honest E2EE call (V1, V2), with the
 * implementation in each role.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectIndicatorOn, expectNumbersEqual, expectRelayMedia, expectTopology } from "../../verify.ts";
import { speechFor } from "../../../src/media/mod.ts";
import { e2eeCallUnder, ROLES, roleTag, sides } from "../_roles.ts";

// Catches an implementation that misreads a logged-but-unaltered call as an attack (or the other way round):
// the outcome must be exactly the honest one.
const cases: Case[] = ROLES.map((as) =>
  defineCase({
    id: `media.observe.${as}`,
    clause: "§2.2 V2",
    level: "MUST",
    title: `Observed call: honest E2EE outcome, equal numbers (implementation as ${as})`,
    requirement:
      "Both ends MUST derive the same number when nobody interfered; under key or fingerprint substitution the numbers differ (§5.4).",
    tags: ["media", "verify", "adversary", roleTag(as)],
    async run(h) {
      const p = await e2eeCallUnder(h, "observe", as);
      const { call } = p;
      const s = sides(call, as);
      expectIndicatorOn(s.impl, "The implementation");
      expectIndicatorOn(s.ref, "The reference");
      expectNumbersEqual(call.caller, call.callee);
      await h.heard(p.impl, call.id, speechFor(p.ref.userId!));
      const rec = await h.record(call.id);
      expectTopology(rec, "relay");
      expectRelayMedia(rec);
    },
  })
);

export default cases;
