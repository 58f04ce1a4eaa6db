/**
 * The media processor (SPEC §4.4): a node-webrtc back-to-back user agent. Each endpoint of a standard call
 * has its own leg to it; bridges forward decoded media between legs and host recording, captions and
 * transcription. In an E2EE call it has no leg at all, so its frame totals stay 0 (SPEC §2.3 M2).
 */
import { ShieldCallError } from "../errors.ts";
import { checkBridgeable, checkNewLeg, checkOpen, notOwnLeg } from "./_checks.ts";
import { MediaBridge } from "./bridge.ts";
import { MediaGroupBridge } from "./group.ts";
import { VoicemailRecorder } from "./voicemail.ts";
import { Leg } from "./leg.ts";
import { defaultOutDir } from "./_files.ts";
import type {
  Bridge,
  GroupBridge,
  GroupMemberSpec,
  MediaProcessorOptions,
  Processor,
  ProcessorEvent,
  ProcessorLeg,
  ProcessorStats,
  Voicemail,
} from "./types.ts";

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
export class MediaProcessor implements Processor {
  readonly outDir: string;
  readonly #opts: MediaProcessorOptions;
  readonly #legs = new Map<string, Leg>();
  readonly #bridges = new Set<MediaBridge | MediaGroupBridge>();
  readonly #totals = { audioFramesIn: 0, videoFramesIn: 0 };
  #closed = false;
  #bridgeSeq = 0;

  /** Creates no WebRTC objects until the first leg. */
  constructor(opts: MediaProcessorOptions = {}) {
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

  #assertOpen(what: string): void {
    checkOpen(this.#closed, what);
  }

  /**
   * Opens a leg: one RTCPeerConnection with an outgoing audio and video track added up front (SPEC §4.4).
   * Throws BAD_STATE when a leg with that id is open or the processor is closed.
   */
  createLeg(legId: string, opts: { label?: string; affinity?: string } = {}): ProcessorLeg {
    checkNewLeg(legId, this.#closed, this.#legs.has(legId));
    const leg = new Leg(legId, opts.label ?? legId, {
      rtcConfig: this.#opts.rtcConfig,
      gatherTimeoutMs: this.#opts.gatherTimeoutMs ?? 10000,
      log: this.#log,
      totals: this.#totals,
      onClosed: (l) => {
        if (this.#legs.get(l.id) === l) this.#legs.delete(l.id);
      },
    });
    this.#legs.set(legId, leg);
    this.#log({ type: "leg.created", legId, detail: { label: leg.label } });
    return leg;
  }

  /**
   * Forwards audio and video between two open legs of this processor, both ways (SPEC §4.4).
   * Throws BAD_STATE when either leg is closed or already forwarding in another bridge; TypeError when the
   * legs are not this processor's or are the same leg.
   */
  bridge(a: ProcessorLeg, b: ProcessorLeg, opts: { callId?: string } = {}): Bridge {
    this.#assertOpen("bridge legs");
    const la = this.#own(a);
    const lb = this.#own(b);
    checkBridgeable(la, lb);
    const callId = opts.callId ?? `bridge-${++this.#bridgeSeq}`;
    const bridge = new MediaBridge(la, lb, callId, {
      outDir: this.outDir,
      log: this.#log,
      onClosed: (br) => this.#bridges.delete(br),
    });
    this.#bridges.add(bridge);
    this.#log({ type: "bridge.created", callId, detail: { a: la.id, b: lb.id } });
    return bridge;
  }

  /**
   * Forwards media among N open legs (SPEC §4.5 CC8): each member hears one other speaking member of another key
   * at a time, rotated at pauses. Throws BAD_STATE when a leg is closed or already bridged; TypeError for fewer
   * than two legs, a repeated leg or a leg of another processor.
   */
  group(
    members: GroupMemberSpec[],
    opts: { callId?: string; minSlotMs?: number; maxSlotMs?: number } = {},
  ): GroupBridge {
    this.#assertOpen("bridge legs");
    const ports = members.map((m) => {
      const leg = this.#own(m.leg);
      if (leg.closed) throw new ShieldCallError("BAD_STATE", `Cannot bridge leg "${leg.id}": the leg is closed`);
      return { port: leg, key: m.key, speaks: m.speaks ?? true };
    });
    const callId = opts.callId ?? `group-${++this.#bridgeSeq}`;
    const g = new MediaGroupBridge(ports, callId, { log: this.#log, onClosed: (br) => this.#bridges.delete(br) }, opts);
    this.#bridges.add(g);
    this.#log({ type: "group.created", callId, detail: { legs: g.legIds } });
    return g;
  }

  /**
   * Records what `leg` receives as a voicemail message for `forUser` (SPEC §4.5 CC10) until stop(). Throws
   * BAD_STATE when the leg is closed or bridged.
   */
  voicemail(
    leg: ProcessorLeg,
    opts: { callId: string; forUser: string; fromUser: string; maxSeconds?: number },
  ): Voicemail {
    this.#assertOpen("record voicemail");
    const l = this.#own(leg);
    if (l.closed) throw new ShieldCallError("BAD_STATE", `Cannot record voicemail on leg "${l.id}": the leg is closed`);
    return new VoicemailRecorder(l, opts, { outDir: this.outDir, log: this.#log });
  }

  #own(l: ProcessorLeg): Leg {
    if (!(l instanceof Leg) || this.#legs.get(l.id) !== l) throw notOwnLeg(l, l instanceof Leg && l.closed);
    return l;
  }

  /** The open legs. */
  legs(): ProcessorLeg[] {
    return [...this.#legs.values()];
  }

  /** Totals: open legs and bridges, and frames received over the processor's lifetime. */
  stats(): ProcessorStats {
    return {
      legs: this.#legs.size,
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
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all([...this.#bridges].map((b) => b.close()));
    await Promise.all([...this.#legs.values()].map((l) => l.close()));
  }
}
