/**
 * SPEC §13.11 (Indicator), §8 sframe-tamper at rate 1: the forwarder alters every frame toward the implementation, so
 * none of its peer's frames opens, while the handshake, the tags and the legs are all honest. The implementation must
 * never show the indicator (nor the number) in that call: in the SFrame profile the indicator needs at least one
 * frame of the peer opened, not only the verified tag.
 *
 * Broken implementation this catches: one that turns the indicator on with the verified tag, as in a dtls-srtp call,
 * whether or not any peer frame ever opens.
 */
import { type Case, defineCase } from "../../case.ts";
import { expectNeverShown, expectTrue, preconditionSync } from "../../verify.ts";
import { callUnder } from "../_confirm.ts";
import { type As, ROLES } from "../_roles.ts";
import { SFRAME_CALL, sframeTags } from "./_sframe.ts";

function needsFrames(as: As): Case {
  return defineCase({
    id: `sframe.indicator-needs-frames.${as}`,
    clause: "§13.11",
    level: "MUST",
    profile: "sframe",
    title: `SFrame call in which no frame of the peer opens: the implementation (${as}) never shows the indicator`,
    requirement: "In the SFrame profile the indicator (V1) is on only while the call is connected, the topology is " +
      "forwarder, the number is derived, the peer's tag verified and at least one frame of the peer opened.",
    tags: sframeTags(as, "adversary", "verify"),
    async run(h) {
      const u = await callUnder(h, "sframe-tamper", as, { profile: "sframe", rate: 1, waitMs: 6_000 });
      preconditionSync(SFRAME_CALL, () => {
        // the call came up and the peer's frames reached the implementation, each dropped as altered (§13.6)
        expectTrue(u.states.some((s) => s.state === "connected"), "The implementation's call never connected");
        const auth = u.end.sframe?.dropped.auth ?? 0;
        expectTrue(auth >= 10, "The implementation dropped no altered frame of its peer", ">= 10", auth);
      });
      expectNeverShown(u.states, "The implementation");
    },
  });
}

export default ROLES.map(needsFrames);
