/**
 * SPEC §2.4 F2 "in a standard call each works", §4.4 MP8, §6 `caption`: the implementation asks for live captions in
 * a standard call; the service then sends `caption` messages to the parties whose text is what the implementation
 * says (SPEC §11). The other party is a signaling-only listener (`_listener.ts`), because CallState (SPEC §7) has no
 * caption field: the listener is where the suite sees the captions arrive.
 *
 * Catches an implementation that offers live captions but never asks the service (no `feature` entry, no caption
 * ever arrives), or that sends no audio on its leg (nothing to caption).
 */
import { speechFor } from "../../../src/media/mod.ts";
import { defineCase } from "../../case.ts";
import {
  expectConnected,
  expectFeatureOffered,
  expectIndicatorOff,
  expectPerformed,
  expectTopology,
  expectTrue,
  precondition,
  ROOT_CAUSES,
} from "../../verify.ts";
import { performed, recordUntil, settledAt } from "./_features.ts";
import { CaptionListener } from "./_listener.ts";

export default defineCase({
  id: "feature.live-captions.works-standard",
  clause: "§2.4 F2",
  level: "MUST",
  title: "Live captions requested by the implementation in a standard call caption what it says",
  requirement: "In a standard call each works (§4.4, §4.5).",
  tags: ["features", "standard", "F2"],
  async run(h) {
    const t = await h.tenant({ users: { alice: {}, bob: {} } });
    const impl = await h.impl("alice");
    const listener = await CaptionListener.connect(h.serviceUrl, t.token("bob"));
    try {
      const callId = await impl.place(t.id("bob"));
      h.track(callId);
      await listener.answer(callId);
      // SPEC §12.2: set-up, not the check: a standard call, connected, whose two legs the processor bridged.
      const s = await precondition(ROOT_CAUSES.standardCall, async () => {
        const s = await settledAt(impl, callId, "the call to connect");
        expectConnected(s, "The implementation");
        expectIndicatorOff(s, "The implementation");
        // The service performs features on the bridge, which exists once both legs have negotiated.
        expectTopology(
          await recordUntil(h, callId, (r) => r.log.some((e) => e.event === "bridged"), "the two legs bridged"),
          "processor",
        );
        return s;
      });
      expectFeatureOffered(s, "live-captions", "The implementation");
      expectTrue(
        listener.captions.length === 0,
        "Captions arrived before anyone asked for them",
        0,
        listener.captions.length,
      );
      await expectPerformed(
        impl.feature(callId, "live-captions"),
        `The implementation's live-captions request in a standard call`,
      );
      const rec = await h.record(callId);
      expectTrue(
        performed(rec, "live-captions"),
        "The service did not start live captions on the implementation's request",
        "a `feature` log entry for live-captions",
        rec.log.map((e) => e.event),
      );
      const speech = speechFor(t.id("alice"));
      const c = await listener.until(
        () =>
          listener.captions.find((x) =>
            x.callId === callId && x.speaker === t.id("alice") && x.final && x.text.includes(speech)
          ),
        10_000,
        `a final caption of the implementation's speech "${speech}"`,
      );
      h.note(`caption: ${JSON.stringify(c)}; ${listener.captions.length} captions in all`);
      await impl.hangup(callId);
    } finally {
      await listener.close();
    }
  },
});
