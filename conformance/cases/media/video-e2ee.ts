/**
 * Video is end-to-end encrypted too (SPEC §2.3 M1, M2, §11.2): in an E2EE call each side decodes the other's
 * block-coded frame counter, over the relay, with nothing at the media processor.
 */
import { CaseFailure, defineCase } from "../../case.ts";
import type { Case } from "../../case.ts";
import { expectConnected, expectIndicatorOn, expectNoProcessorMedia, expectTopology } from "../../verify.ts";
import type { Party } from "../../../src/driver/mod.ts";
import type { CallState } from "../../../src/protocol/mod.ts";
import { e2eeCall, ROLES, roleTag } from "../_roles.ts";

/** Frames decoded beyond the count at the start of the wait. */
const MORE_FRAMES = 10;

async function decodesVideo(p: Party, callId: string, who: string): Promise<CallState> {
  const start = (await p.state(callId)).media.video.decoded;
  try {
    return await p.until(
      callId,
      (s) => s.state === "ended" || s.media.video.decoded >= start + MORE_FRAMES,
      10_000,
      `${MORE_FRAMES} more decoded video frames`,
    );
  } catch (e) {
    const last = (e as { detail?: { last?: CallState } }).detail?.last;
    throw new CaseFailure(
      `${who} decoded no video from the other side`,
      `≥ ${start + MORE_FRAMES} decoded frames`,
      last?.media.video ?? null,
    );
  }
}

// Catches an E2EE call that carries audio but no video (a video track not sent, not encrypted end to end, or not
// decoded) — M1 makes every real-time medium E2EE, not only the audio.
const cases: Case[] = ROLES.map((as) =>
  defineCase({
    id: `media.video-both-ways.e2ee.${as}`,
    clause: "§2.3 M1",
    level: "MUST",
    title: `Video flows both ways in an E2EE call (implementation as ${as})`,
    requirement: "Only real-time media (audio, video, screen share) is E2EE; chat is out of scope.",
    tags: ["media", "e2ee", "video", roleTag(as)],
    async run(h) {
      const { impl, ref, call } = await e2eeCall(h, as);
      const [implSaw, refSaw] = await Promise.all([
        decodesVideo(impl, call.id, "The implementation"),
        decodesVideo(ref, call.id, "The reference"),
      ]);
      expectConnected(implSaw, "The implementation");
      expectConnected(refSaw, "The reference");
      expectIndicatorOn(implSaw, "The implementation");
      const rec = await h.record(call.id);
      expectTopology(rec, "relay");
      expectNoProcessorMedia(rec);
    },
  })
);

export default cases;
