/**
 * E2EE media goes only through the transport relay, never through the media processor (SPEC §2.3 M2, §4.3), with
 * the implementation in each role.
 */
import { defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectNoProcessorMedia, expectRelayMedia, expectTopology, precondition, ROOT_CAUSES } from "../../verify.ts";
import { speechFor } from "../../../src/media/mod.ts";
import { e2eeCall, ROLES, roleTag } from "../_roles.ts";

// Catches an implementation that sends its E2EE media anywhere but to the relay address in the SDP it received
// (e.g. to candidates it learned elsewhere), or that sends no SRTP/DTLS at all while claiming E2EE.
const cases: Case[] = ROLES.map((as) =>
  defineCase({
    id: `media.relay-only.${as}`,
    clause: "§2.3 M2",
    level: "MUST",
    title: `E2EE media crosses the relay both ways and never reaches the processor (implementation as ${as})`,
    requirement:
      "In an E2EE call no intermediate MUST terminate DTLS or see media in the clear; no media flows through " +
      "the media processor (§4.3).",
    tags: ["media", "e2ee", roleTag(as)],
    async run(h) {
      const { impl, ref, call } = await e2eeCall(h, as);
      // SPEC §12.2: set-up, not the check: media flows both ways (so the relay's evidence covers it).
      await precondition(ROOT_CAUSES.media, () =>
        Promise.all([
          h.heard(impl, call.id, speechFor(ref.userId!)),
          h.heard(ref, call.id, speechFor(impl.userId!)),
        ]));
      const rec = await h.record(call.id);
      expectTopology(rec, "relay");
      expectRelayMedia(rec);
      expectNoProcessorMedia(rec);
    },
  })
);

export default cases;
