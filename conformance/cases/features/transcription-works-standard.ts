/**
 * SPEC §2.4 F3 "in a standard call each works", §4.4 MP9: the implementation asks for transcription in a standard
 * call; after hang-up the service's transcript lists, per leg, the digits that party spoke (SPEC §11), and the
 * transcript file holds the same lines.
 *
 * Catches an implementation that offers transcription but never asks the service (or asks for the wrong call), and
 * one that sends no audio on its leg (the transcript then has no line for it).
 */
import { readFileSync } from "node:fs";
import { speechFor } from "../../../src/media/mod.ts";
import { CaseFailure, defineCase } from "../../case.ts";
import { expectTrue } from "../../verify.ts";
import { performedInStandardCall, recordUntil } from "./_features.ts";

interface Line {
  legId: string;
  text: string;
  at: number;
}

export default defineCase({
  id: "feature.transcription.works-standard",
  clause: "§2.4 F3",
  level: "MUST",
  title: "Transcription requested by the implementation in a standard call transcribes both parties",
  requirement: "In a standard call each works (§4.4, §4.5).",
  tags: ["features", "standard", "F3"],
  async run(h) {
    const { impl, ref, call } = await performedInStandardCall(h, "transcription");
    await impl.hangup(call.id);
    const done = await recordUntil(
      h,
      call.id,
      (r) => r.log.some((e) => e.event === "feature-outputs"),
      "a `feature-outputs` entry",
    );
    const t = (done.log.find((e) =>
      e.event === "feature-outputs"
    )!.detail as { transcription?: { path: string; lines: Line[] } }).transcription;
    if (!t || !Array.isArray(t.lines)) {
      throw new CaseFailure("No transcript for the call", "{path, lines}", t ?? null);
    }
    const want = [
      { leg: `${call.id}:caller`, speech: speechFor(impl.userId!), who: "the implementation (caller)" },
      { leg: `${call.id}:callee`, speech: speechFor(ref.userId!), who: "the reference peer (callee)" },
    ];
    for (const w of want) {
      if (
        !t.lines.some((l) =>
          l.legId === w.leg && l.text.includes(w.speech)
        )
      ) {
        throw new CaseFailure(
          `The transcript has no line with what ${w.who} said`,
          { legId: w.leg, text: w.speech },
          t.lines.slice(0, 20),
        );
      }
    }
    const file = JSON.parse(readFileSync(t.path, "utf8")) as { callId: string; lines: Line[] };
    expectTrue(
      file.callId === call.id && JSON.stringify(file.lines) === JSON.stringify(t.lines),
      "The transcript file does not hold the reported lines",
      { callId: call.id, lines: t.lines.length },
      { callId: file.callId, lines: file.lines?.length },
    );
  },
});
