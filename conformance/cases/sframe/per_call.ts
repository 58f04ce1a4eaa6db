/**
 * SPEC §13.11 (Media: "the CTR starts at 0 per call"): two SFrame calls in a row between the same two adapters, so
 * whatever the implementation keeps from one call to the next is kept. In the second call its frames must start
 * again at CTR 0 (the forwarder's tap of that call), and it must open the peer's frames of that call, none dropped as
 * a replay (a receiver that kept the first call's window would drop them all).
 *
 * Broken implementations these catch: a sender whose CTR carries on from the call before, and a receiver whose replay
 * window outlives its call.
 */
import { type Case, defineCase } from "../../case.ts";
import { expectEqual, expectTrue, precondition } from "../../verify.ts";
import { type As, ROLES } from "../_roles.ts";
import {
  countersOf,
  countersUntil,
  forwarderOf,
  fromImpl,
  hangup,
  recordAfter,
  SFRAME_CALL,
  sframeCall,
  sframeCallAgain,
  sframeTags,
} from "./_sframe.ts";

function perCall(as: As): Case {
  return defineCase({
    id: `sframe.ctr-per-call.${as}`,
    clause: "§13.11",
    level: "MUST",
    profile: "sframe",
    title: `Two SFrame calls in a row: the implementation (${as}) starts its CTR at 0 again and opens the new frames`,
    requirement:
      "Each endpoint seals every encoded frame it sends with its own role's base key and KID (§13.3–§13.4, " +
      "§13.7) and opens every frame it receives with the peer's; the CTR starts at 0 per call.",
    tags: sframeTags(as, "forwarder", "media"),
    async run(h) {
      const first = await sframeCall(h, as);
      await precondition(SFRAME_CALL, async () => {
        // the first call carried media, then ended at both ends
        const c = countersOf(
          await countersUntil(first.impl, first.call.id, (x) => x.sealed >= 20),
          "The implementation",
        );
        expectTrue(c.sealed >= 20, "The implementation sealed frames in the first call", ">= 20", c.sealed);
        await hangup(first, first.call.id);
        for (const party of [first.caller, first.callee]) {
          await party.until(first.call.id, (x) => x.state === "ended", 5_000, "the first call to end");
        }
      });
      const s = await sframeCallAgain(h, first, as);
      const tap = forwarderOf(await recordAfter(h, s.call.id, 1500)).tap[fromImpl(as)];
      expectTrue(
        tap.sframe >= 20,
        "The forwarder saw the implementation's frames of the second call",
        ">= 20",
        tap.sframe,
      );
      expectEqual(tap.ctr.lowest, "0", "The lowest CTR of the implementation's frames in its second call");
      const mine = countersOf(await countersUntil(s.impl, s.call.id, (x) => x.opened >= 20), "The implementation");
      expectTrue(mine.opened >= 20, "The implementation opened the peer's frames of the second call", ">= 20", mine);
      expectEqual(mine.dropped.replay, 0, "Frames of the second call the implementation dropped as replays");
    },
  });
}

export default ROLES.map(perCall);
