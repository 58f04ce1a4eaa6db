/**
 * The media processor (SPEC §4.4): a node-webrtc back-to-back user agent. Each endpoint of a standard call
 * has its own leg to it; bridges forward decoded media between legs and host recording, captions and
 * transcription. In an E2EE call it has no leg at all, so its frame totals stay 0 (SPEC §2.3 M2).
 */
import { type CheckedMember, ProcessorFront, type VoicemailOptions } from "./_front.ts";
import { MediaBridge } from "./bridge.ts";
import { MediaGroupBridge } from "./group.ts";
import { VoicemailRecorder } from "./voicemail.ts";
import { Leg } from "./leg.ts";
import { defaultOutDir } from "./_files.ts";
import type { MediaProcessorOptions, ProcessorEvent, ProcessorStats } from "./types.ts";

export type { ProcessorStats } from "./types.ts";

/**
 * A node-webrtc B2BUA. Hosts must end the process with `process.exit()` after `close()`: node-webrtc
 * crashes on natural exit once audio sources existed (docs/node-webrtc.md).
 * @example
 * const p = new MediaProcessor({ outDir: "/tmp/rec" });
 * const a = p.createLeg("alice"), b = p.createLeg("bob");
 * const answerA = await a.answer(offerFromAlice); // and likewise for bob
 * const bridge = p.bridge(a, b, { callId: "c-1" });
 * bridge.startRecording(); … const manifest = await bridge.stopRecording();
 * await p.close();
 */
export class MediaProcessor extends ProcessorFront<Leg> {
  readonly outDir: string;
  readonly #opts: MediaProcessorOptions;
  readonly #bridges = new Set<MediaBridge | MediaGroupBridge>();
  readonly #totals = { audioFramesIn: 0, videoFramesIn: 0 };
  #bridgeSeq = 0;

  /** Creates no WebRTC objects until the first leg. */
  constructor(opts: MediaProcessorOptions = {}) {
    super(Leg);
    this.#opts = opts;
    this.outDir = opts.outDir ?? defaultOutDir();
  }

  #log = (e: Omit<ProcessorEvent, "at">): void => {
    const log = this.#opts.log;
    if (log === undefined) return;
    try {
      log({ at: Date.now(), ...e });
    } catch {
      // a logger must not break media handling
    }
  };

  protected openLeg(legId: string, opts: { label?: string; affinity?: string }): Leg {
    const leg = new Leg(legId, opts.label ?? legId, {
      rtcConfig: this.#opts.rtcConfig,
      gatherTimeoutMs: this.#opts.gatherTimeoutMs ?? 10000,
      log: this.#log,
      totals: this.#totals,
      onClosed: (l) => {
        if (this.openLegs.get(l.id) === l) this.openLegs.delete(l.id);
      },
    });
    this.openLegs.set(legId, leg);
    this.#log({ type: "leg.created", legId, detail: { label: leg.label } });
    return leg;
  }

  protected openBridge(la: Leg, lb: Leg, id: string | undefined): MediaBridge {
    const callId = id ?? `bridge-${++this.#bridgeSeq}`;
    const bridge = new MediaBridge(la, lb, callId, {
      outDir: this.outDir,
      log: this.#log,
      onClosed: (br) => this.#bridges.delete(br),
    });
    this.#bridges.add(bridge);
    this.#log({ type: "bridge.created", callId, detail: { a: la.id, b: lb.id } });
    return bridge;
  }

  protected openGroup(
    members: CheckedMember<Leg>[],
    opts: { callId?: string; minSlotMs?: number; maxSlotMs?: number },
  ): MediaGroupBridge {
    const ports = members.map((m) => ({ port: m.leg, key: m.key, speaks: m.speaks }));
    const callId = opts.callId ?? `group-${++this.#bridgeSeq}`;
    const g = new MediaGroupBridge(ports, callId, { log: this.#log, onClosed: (br) => this.#bridges.delete(br) }, opts);
    this.#bridges.add(g);
    this.#log({ type: "group.created", callId, detail: { legs: g.legIds } });
    return g;
  }

  protected openVoicemail(l: Leg, opts: VoicemailOptions): VoicemailRecorder {
    return new VoicemailRecorder(l, opts, { outDir: this.outDir, log: this.#log });
  }

  /** Totals: open legs and bridges, and frames received over the processor's lifetime. */
  stats(): ProcessorStats {
    return {
      legs: this.openLegs.size,
      bridges: this.#bridges.size,
      audioFramesIn: this.#totals.audioFramesIn,
      videoFramesIn: this.#totals.videoFramesIn,
    };
  }

  /** Counters are read live in one process: nothing to wait for. */
  sync(): Promise<void> {
    return Promise.resolve();
  }

  /** Closes every bridge (finishing active recordings/transcripts) and every leg; idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.#bridges].map((b) => b.close()));
    await Promise.all([...this.openLegs.values()].map((l) => l.close()));
  }
}
