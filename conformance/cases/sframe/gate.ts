/**
 * SPEC §13.10 (the media gate in the SFrame profile), §5.9, §8 confirm-withhold: the service never forwards the
 * peer's tag to the implementation in an SFrame call. It must seal and send no frame while it waits, show nothing,
 * and end the call with E2EE_CONFIRM_FAILED at its deadline. The forwarder's tap is the wire evidence: it counts every
 * frame the implementation sent, whatever it carried.
 *
 * Broken implementations these catch: one that starts its SFrame media (or shows the indicator) before the peer's tag
 * verified, and one with no confirmation deadline in the SFrame profile.
 */
import { type Case, defineCase } from "../../case.ts";
import { expectEqual, expectNeverShown } from "../../verify.ts";
import { callUnder, expectByDeadline, expectHungUpWith } from "../_confirm.ts";
import { type As, ROLES } from "../_roles.ts";
import { forwarderOf, fromImpl, sframeTags } from "./_sframe.ts";

function gate(as: As): Case {
  return defineCase({
    id: `sframe.gate.${as}`,
    clause: "§13.10",
    level: "MUST",
    profile: "sframe",
    title: `SFrame call with the peer's tag withheld: the implementation (${as}) sends no frame, shows nothing and ` +
      "ends E2EE_CONFIRM_FAILED at its deadline",
    requirement: "the media gate (in the SFrame profile: no frame is sealed and sent before the peer's tag verified)",
    tags: sframeTags(as, "adversary", "confirm", "wire"),
    async run(h) {
      const u = await callUnder(h, "confirm-withhold", as, { profile: "sframe" });
      const tap = forwarderOf(u.rec).tap[fromImpl(as)];
      expectEqual(
        tap.frameStarts.audio + tap.frameStarts.video,
        0,
        "Frames the implementation sent to the forwarder before the peer's tag verified",
      );
      expectEqual(u.end.sframe?.sealed ?? 0, 0, "Frames the implementation reports as sealed");
      expectNeverShown(u.states, "The implementation");
      expectHungUpWith(u.rec, as, u.impl, "E2EE_CONFIRM_FAILED");
      expectByDeadline(u.rec, as);
    },
  });
}

export default ROLES.map(gate);
