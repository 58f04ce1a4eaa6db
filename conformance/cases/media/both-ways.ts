/**
 * Media flows both ways (SPEC §2.3 M1, §11 SM9): in an E2EE call and in a standard call each side decodes the
 * other's synthetic speech, with the implementation in each role.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import {
  expectConnected,
  expectIndicatorOff,
  expectIndicatorOn,
  expectTopology,
  expectTrue,
  precondition,
  ROOT_CAUSES,
} from "../../verify.ts";
import { speechFor } from "../../../src/media/mod.ts";
import { pair, ROLES, roleTag } from "../_roles.ts";

// Catches an implementation that sends no audio, or plays nothing it receives, in either kind of call (e.g.
// mis-wired tracks after the E2EE handshake, or a recvonly transceiver).
const cases: Case[] = (["e2ee", "standard"] as const).flatMap((kind) =>
  ROLES.map((as) =>
    defineCase({
      id: `media.both-ways.${kind}.${as}`,
      clause: "§2.3 M1",
      level: "MUST",
      title: `Audio flows both ways in ${kind === "e2ee" ? "an E2EE" : "a standard"} call (implementation as ${as})`,
      requirement: "Only real-time media (audio, video, screen share) is E2EE; chat is out of scope.",
      tags: ["media", ...(kind === "e2ee" ? ["e2ee"] : []), roleTag(as)],
      async run(h) {
        const e2ee = kind === "e2ee";
        await h.tenant({ global: e2ee ? "userControlled" : "disabled", users: { alice: { e2ee }, bob: { e2ee } } });
        const p = await pair(h, as);
        const call = await h.call(p.caller, p.callee);
        // SPEC §12.2: set-up, not the check: the service made the call the kind the case is about.
        await precondition(e2ee ? ROOT_CAUSES.e2eeCall : ROOT_CAUSES.standardCall, async () => {
          expectTopology(await h.record(call.id), e2ee ? "relay" : "processor");
          if (e2ee) {
            expectTrue(call.caller.e2ee.indicator && call.callee.e2ee.indicator, "The call is not E2EE at both ends");
          }
        });
        const [implHeard, refHeard] = await Promise.all([
          h.heard(p.impl, call.id, speechFor(p.ref.userId!)),
          h.heard(p.ref, call.id, speechFor(p.impl.userId!)),
        ]);
        expectConnected(implHeard, "The implementation");
        expectConnected(refHeard, "The reference");
        if (e2ee) {
          expectIndicatorOn(implHeard, "The implementation");
        } else {
          expectIndicatorOff(implHeard, "The implementation");
        }
      },
    })
  )
);

export default cases;
