/**
 * SPEC §2.4 F1 "in a standard call each works", §4.4 MP7: the implementation asks for recording in a standard call;
 * the service records, and after hang-up its call record lists a manifest whose two WAV files (one per direction)
 * carry each party's synthetic speech (SPEC §11) — decoded here from the files themselves.
 *
 * Catches an implementation that offers recording but never sends the request (or sends it for another call id,
 * or reports success locally without asking the service): the service then logs no `feature` entry and writes no
 * manifest.
 */
import { readFileSync } from "node:fs";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { SpeechDecoder } from "../../../src/media/mod.ts";
import { speechFor } from "../../../src/media/mod.ts";
import { parseWav } from "../../../src/processor/wav.ts";
import { CaseFailure, defineCase } from "../../case.ts";
import { expectEnded, expectTrue } from "../../verify.ts";
import { performedInStandardCall, recordUntil } from "./_features.ts";

interface ManifestFile {
  direction: string;
  from: string;
  to: string;
  path: string;
  samples: number;
  sha256: string;
  truncated: boolean;
}

export default defineCase({
  id: "feature.recording.works-standard",
  clause: "§2.4 F1",
  level: "MUST",
  title: "Recording requested by the implementation in a standard call records both directions",
  requirement: "In a standard call each works (§4.4, §4.5).",
  tags: ["features", "standard", "F1"],
  async run(h) {
    const { impl, ref, call } = await performedInStandardCall(h, "recording");
    await impl.hangup(call.id);
    expectEnded(await impl.until(call.id, (s) => s.state === "ended", 5000, "the call to end"), "The implementation");
    const done = await recordUntil(
      h,
      call.id,
      (r) => r.log.some((e) => e.event === "feature-outputs"),
      "a `feature-outputs` entry",
    );
    const out = done.log.find((e) => e.event === "feature-outputs")!.detail as {
      recording?: { callId: string; sampleRate: number; files: ManifestFile[] };
    };
    const m = out.recording;
    if (!m || m.callId !== call.id || m.sampleRate !== 16000 || !Array.isArray(m.files)) {
      throw new CaseFailure(
        "No recording manifest for the call",
        { callId: call.id, sampleRate: 16000, files: "[…]" },
        m ?? null,
      );
    }
    const speech = { "a->b": speechFor(impl.userId!), "b->a": speechFor(ref.userId!) } as const;
    for (const dir of ["a->b", "b->a"] as const) {
      const f = m.files.find((x) => x.direction === dir);
      if (!f) {
        throw new CaseFailure(
          `The recording has no file for direction ${dir}`,
          ["a->b", "b->a"],
          m.files.map((x) => x.direction),
        );
      }
      const bytes = new Uint8Array(readFileSync(f.path));
      expectTrue(
        bytesToHex(sha256(bytes)) === f.sha256,
        `The ${dir} file does not match its manifest hash`,
        f.sha256,
        bytesToHex(sha256(bytes)),
      );
      const wav = parseWav(bytes);
      expectTrue(
        wav.sampleRate === 16000 && wav.channels === 1 && wav.samples.length === f.samples && f.samples > 0,
        `The ${dir} file is not 16 kHz mono with the manifest's sample count`,
        { sampleRate: 16000, channels: 1, samples: f.samples },
        { sampleRate: wav.sampleRate, channels: wav.channels, samples: wav.samples.length },
      );
      const dec = new SpeechDecoder(16000);
      dec.push(wav.samples as Int16Array, 16000);
      h.note(`recording ${dir}: ${f.samples} samples, heard "${dec.heard.slice(0, 60)}"`);
      if (!dec.heard.includes(speech[dir])) {
        throw new CaseFailure(
          `The ${dir} recording does not carry ${dir === "a->b" ? "the caller's" : "the callee's"} speech`,
          speech[dir],
          dec.heard.slice(0, 200),
        );
      }
    }
  },
});
