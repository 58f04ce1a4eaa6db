/**
 * The number is shown while, and only while, the call's media is E2EE (SPEC §2.2 V1): sampled from the invite to
 * after the hangup, every state that shows the indicator or a number is a connected relay call showing both.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { CaseFailure } from "../../case.ts";
import { expectIndicatorOff, expectShownOnlyWhileConnected, StateLog } from "../../verify.ts";
import { hangupBoth, moreAudio, pair, ROLES, roleTag } from "../_roles.ts";

// Catches an implementation that shows the number before the call connected (e.g. as soon as it derived it), shows
// a number without the indicator, or keeps either after the end.
const cases: Case[] = ROLES.map((as) =>
  defineCase({
    id: `verify.shown-only-connected.${as}`,
    clause: "§2.2 V1",
    level: "MUST",
    title: `The indicator and number are shown only while the E2EE call is connected (implementation as ${as})`,
    requirement: "While, and only while, a call's media is E2EE, each endpoint MUST show the E2EE indicator and the " +
      "verification number.",
    tags: ["verify", "e2ee", roleTag(as)],
    async run(h) {
      await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
      const p = await pair(h, as);
      const log = new StateLog(p.impl);
      const call = await h.call(p.caller, p.callee, { settle: false });
      await log.until(
        call.id,
        (s) => s.state === "ended" || (s.state === "connected" && s.e2ee.indicator),
        20_000,
        "the indicator",
      );
      await moreAudio(p.impl, call.id);
      await log.until(call.id, () => true);
      const [end] = await hangupBoth(p.impl, p.ref, call.id);
      await log.until(call.id, (s) => s.state === "ended");
      log.stop();
      const states = log.of(call.id);
      if (!states.some((s) => s.e2ee.indicator)) {
        throw new CaseFailure("The implementation never showed the indicator in an honest E2EE call", true, false);
      }
      expectShownOnlyWhileConnected(states, "The implementation");
      expectIndicatorOff(end, "After the call ended, the implementation");
    },
  })
);

export default cases;
