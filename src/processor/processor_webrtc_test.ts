/**
 * Real WebRTC through the media processor (SPEC §4.4): two endpoint RTCPeerConnections, each with its own leg
 * to a MediaProcessor, bridged; DTMF speech and frame-coded video both ways; recording, captions and
 * transcription checked against what the endpoints spoke. The WebRTC part runs in a child process
 * (_testing/webrtc_scenario.ts) because node-webrtc crashes on natural exit after using audio (docs/node-webrtc.md).
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import { SpeechDecoder } from "../media/mod.ts";
import { parseWav, RECORDING_FORMAT } from "./mod.ts";
import type { Caption, LegStats, RecordingManifest, TranscriptResult } from "./mod.ts";
import { childResult } from "../_testing/child.ts";

const TEXT1 = "8311#5D"; // endpoint 1 → leg-a (must match _testing/webrtc_scenario.ts)
const TEXT2 = "42*A09"; // endpoint 2 → leg-b

interface EndpointView {
  heard: string;
  counters: number[];
  undecodable: number;
  localFingerprint: string | null;
  remoteFingerprint: string | null;
}
interface Result {
  mode: string;
  placement: [number | null, number | null] | null;
  done: boolean;
  fresh: { legs: number; bridges: number; audioFramesIn: number; videoFramesIn: number };
  fingerprintBeforeSdp: string | null;
  ep1: EndpointView;
  ep2: EndpointView;
  legA: { stats: LegStats; fingerprint: string | null };
  legB: { stats: LegStats; fingerprint: string | null };
  processor: { legs: number; bridges: number; audioFramesIn: number; videoFramesIn: number };
  recording: RecordingManifest;
  recordingAgainPath: string;
  recordingAfterClosePath: string;
  captions: Caption[];
  captionsAfterStop: number;
  captionsAtEnd: number;
  transcript: TranscriptResult;
  unbridged: {
    forwarding: boolean;
    bridges: number;
    heardAtUnbridge: number[];
    heardAfterPause: number[];
    legStateA: string;
  };
  rebridged: { ok: boolean; callId: string; bridges: number };
  closed: { legs: number; bridges: number; audioFramesIn: number; legA: string; openLegs: number };
  errors: Record<string, string>;
  events: string[];
}

/**
 * Where the legs live: this process, a ProcessorPool with both legs in one worker, or one leg in each of two workers.
 */
type Where = "local" | "workers" | "workers-split";

async function scenario(mode: "answer" | "offer", where: Where): Promise<{ r: Result; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "sc-processor-"));
  const r = await childResult<Result>(new URL("./_testing/webrtc_scenario.ts", import.meta.url), {
    args: [mode, dir, where],
    timeoutMs: 40000,
  });
  return { r, dir };
}

function summary(r: Result): string {
  return JSON.stringify({
    ep1: r.ep1.heard,
    ep2: r.ep2.heard,
    v1: r.ep1.counters.length,
    v2: r.ep2.counters.length,
    a: r.legA.stats,
    b: r.legB.stats,
  });
}

function increasing(xs: number[]): boolean {
  return xs.every((x, i) => i === 0 || x > xs[i - 1]!);
}

/** Endpoint media both ways: digits decoded at each end, video counters decoded in order (SPEC §4.4). */
function assertMediaBothWays(r: Result, where: Where): void {
  if (where === "local") assert.equal(r.placement, null);
  else {
    const [a, b] = r.placement ?? [];
    assert.ok(
      a !== null && a !== undefined && b !== null && b !== undefined,
      `legs not in workers: ${JSON.stringify(r.placement)}`,
    );
    assert.equal(a === b, where === "workers", `placement ${JSON.stringify(r.placement)} for "${where}"`);
  }
  assert.ok(r.done, `media did not arrive in time: ${summary(r)}`);
  assert.ok(r.ep1.heard.includes(TEXT2), `endpoint 1 heard "${r.ep1.heard}"`);
  assert.ok(r.ep2.heard.includes(TEXT1), `endpoint 2 heard "${r.ep2.heard}"`);
  assert.ok(!r.ep1.heard.includes(TEXT1), "endpoint 1 hears its own speech: the bridge echoes");
  for (const ep of [r.ep1, r.ep2]) {
    assert.ok(ep.counters.length >= 15, `only ${ep.counters.length} video frames decoded`);
    assert.ok(increasing(ep.counters), "video counters out of order");
  }
  assert.ok(r.legA.stats.heard.includes(TEXT1) && r.legB.stats.heard.includes(TEXT2));
  assert.ok(r.legA.stats.audioFramesWithEnergy > 0 && r.legB.stats.audioFramesWithEnergy > 0);
  assert.ok(r.legA.stats.videoFramesIn > 0 && r.legB.stats.videoFramesIn > 0);
  assert.deepEqual(r.fresh, { legs: 0, bridges: 0, audioFramesIn: 0, videoFramesIn: 0 });
  assert.ok(r.processor.audioFramesIn >= r.legA.stats.audioFramesIn + r.legB.stats.audioFramesIn);
  assert.ok(r.processor.videoFramesIn > 0);
}

// The same checks for MediaProcessor and for ProcessorPool (SPEC §4.4: the processor may run in worker processes).
const PLACES: Array<[Where, string]> = [
  ["local", "MediaProcessor"],
  ["workers", "ProcessorPool (both legs in one worker)"],
  ["workers-split", "ProcessorPool (legs in two workers)"],
];

for (const [where, name] of PLACES) {
  describe(`${name} over real WebRTC`, () => {
    test("bridge() forwards audio and video both ways; recording, captions and transcription see each leg's speech", {
      timeout: 60000,
    }, async () => {
      const { r, dir } = await scenario("answer", where);
      try {
        assertMediaBothWays(r, where);

        // F1: one WAV per direction, 16 kHz mono 16-bit, hash and sample count as the manifest says.
        const m = r.recording;
        assert.equal(m.callId, "call:answer");
        assert.deepEqual(m.files.map((f) => [f.direction, f.from, f.to]), [["a->b", "leg-a", "leg-b"], [
          "b->a",
          "leg-b",
          "leg-a",
        ]]);
        assert.ok(m.endedAt >= m.startedAt);
        const expected = { "a->b": [TEXT1, TEXT2], "b->a": [TEXT2, TEXT1] } as const;
        for (const f of m.files) {
          const bytes = await readFile(f.path);
          assert.equal(bytesToHex(sha256(bytes)), f.sha256);
          const wav = parseWav(new Uint8Array(bytes));
          assert.equal(wav.sampleRate, RECORDING_FORMAT.sampleRate);
          assert.equal(wav.channels, 1);
          assert.equal(wav.samples.length, f.samples);
          assert.equal(f.truncated, false);
          const dec = new SpeechDecoder(wav.sampleRate);
          dec.push(wav.samples);
          const [mine, theirs] = expected[f.direction];
          assert.ok(dec.heard.includes(mine), `${f.direction} recording decodes to "${dec.heard}"`);
          assert.ok(!dec.heard.includes(theirs), `${f.direction} recording holds the other direction's speech`);
        }
        const onDisk = JSON.parse(await readFile(m.manifestPath, "utf8"));
        const { manifestPath: _ignored, ...rest } = m;
        assert.deepEqual(onDisk, rest);
        assert.equal(r.recordingAgainPath, m.manifestPath, "a second stopRecording() returns the same manifest");
        assert.equal(
          r.recordingAfterClosePath,
          m.manifestPath,
          "stopRecording() after close() returns the same manifest",
        );

        // F2: captions carry each speaker's digits; a final repeats the utterance's last interim text.
        const finals = (leg: string) => r.captions.filter((c) => c.legId === leg && c.final).map((c) => c.text);
        assert.ok(finals("leg-a").includes(TEXT1), `leg-a finals ${finals("leg-a")}`);
        assert.ok(finals("leg-b").includes(TEXT2), `leg-b finals ${finals("leg-b")}`);
        for (const c of r.captions) {
          const alphabet = c.legId === "leg-a" ? TEXT1 : TEXT2;
          assert.ok(
            [...c.text].every((ch) => alphabet.includes(ch)),
            `caption "${c.text}" for ${c.legId} mixes speakers`,
          );
        }
        for (const leg of ["leg-a", "leg-b"]) {
          const mine = r.captions.filter((c) => c.legId === leg);
          mine.forEach((c, i) => {
            if (c.final) assert.equal(c.text, mine[i - 1]?.text, "final differs from the last interim");
            else if (i > 0 && !mine[i - 1]!.final) {
              assert.ok(c.text.startsWith(mine[i - 1]!.text), "interim does not extend the utterance");
            }
          });
        }
        assert.equal(r.captionsAtEnd, r.captionsAfterStop, "captions arrived after stopCaptions()");

        // F3: transcript file holds the same complete utterances, in time order.
        const t = r.transcript;
        const file = JSON.parse(await readFile(t.path, "utf8"));
        assert.deepEqual(file.lines, t.lines);
        assert.equal(file.callId, "call:answer");
        assert.deepEqual(file.legs, { a: "leg-a", b: "leg-b" });
        assert.ok(t.lines.some((l) => l.legId === "leg-a" && l.text === TEXT1));
        assert.ok(t.lines.some((l) => l.legId === "leg-b" && l.text === TEXT2));
        assert.ok(increasing(t.lines.map((l, i) => l.at * 1000 + i)));

        // unbridge(): forwarding stops, legs stay up; the same legs bridge again.
        assert.equal(r.unbridged.forwarding, false);
        assert.equal(r.unbridged.legStateA, "connected");
        for (let i = 0; i < 2; i++) {
          assert.ok(
            r.unbridged.heardAfterPause[i]! - r.unbridged.heardAtUnbridge[i]! <= 1,
            `digits kept arriving after unbridge(): ${JSON.stringify(r.unbridged)}`,
          );
        }
        assert.ok(r.rebridged.ok, "re-bridged legs did not carry speech");
        assert.equal(r.rebridged.bridges, 2);

        // close(): nothing left open; totals survive.
        assert.equal(r.closed.legs, 0);
        assert.equal(r.closed.bridges, 0);
        assert.equal(r.closed.openLegs, 0);
        assert.equal(r.closed.legA, "closed");
        assert.ok(r.closed.audioFramesIn >= r.processor.audioFramesIn);

        // Misuse is refused with stable codes.
        assert.deepEqual(r.errors, {
          duplicateLeg: "BAD_STATE",
          selfBridge: "TypeError",
          answerWhenStable: "BAD_STATE",
          garbageOffer: "PROTO_INVALID",
          closedLeg: "BAD_STATE",
          foreignLeg: "TypeError",
          stopRecordingUnstarted: "BAD_STATE",
          alreadyBridged: "BAD_STATE",
          recordTwice: "BAD_STATE",
          captionsTwice: "BAD_STATE",
          createAfterClose: "BAD_STATE",
          captionsOnClosed: "BAD_STATE",
          stopRecordingAfterClose: "BAD_STATE",
        });
        for (
          const e of [
            "leg.created",
            "bridge.created",
            "recording.started",
            "recording.stopped",
            "bridge.unbridged",
            "leg.closed",
          ]
        ) {
          assert.ok(r.events.includes(e), `no "${e}" event`);
        }
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    test("a leg as offerer (processor.offer → endpoint answers) bridges with an answering leg, mitm-style", {
      timeout: 60000,
    }, async () => {
      const { r, dir } = await scenario("offer", where);
      try {
        assertMediaBothWays(r, where);
        assert.equal(r.fingerprintBeforeSdp, null);
        // Each endpoint's DTLS peer is its own processor leg, with a certificate of its own (SPEC §8 mitm).
        assert.match(r.legA.fingerprint ?? "", /^[0-9A-F]{2}(:[0-9A-F]{2}){31}$/);
        assert.equal(r.ep1.remoteFingerprint, r.legA.fingerprint);
        assert.equal(r.ep2.remoteFingerprint, r.legB.fingerprint);
        assert.notEqual(r.legA.fingerprint, r.legB.fingerprint);
        assert.notEqual(r.ep1.remoteFingerprint, r.ep2.localFingerprint);
        assert.ok(r.transcript.lines.some((l) => l.legId === "leg-b" && l.text === TEXT2));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}
