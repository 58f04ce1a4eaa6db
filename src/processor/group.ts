/**
 * The N-party bridge of group calls (SPEC §4.5 CC8): forwards one other party at a time to each listener and
 * rotates the forwarded party at utterance boundaries, like an SFU that forwards one speaker at a time. Plain
 * mixing would add two parties' DTMF speech into tone quadruples no decoder can read; forwarding whole utterances
 * in turn lets each listener's decoder hear every other party's digits.
 */
import { checkGroupPorts, slotBounds } from "./_checks.ts";
import { UtteranceTracker } from "./captions.ts";
import type { LegTap } from "./leg.ts";
import { PROCESSOR_AUDIO } from "./leg.ts";
import type { I420Frame } from "./_wrtc.ts";
import type { GroupBridge, GroupStats, ProcessorEvent } from "./types.ts";

/** SPEC §4.5 (CC8): the rotation rule's defaults. */
export const GROUP_DEFAULTS = {
  /** A listener keeps a source at least this long (audio time) before it switches at the source's next pause. */
  minSlotMs: 1500,
  /** A listener switches after this long (audio time) even without a pause. */
  maxSlotMs: 4000,
} as const;

/** What a group bridge needs of a leg (the processor's Leg satisfies it). */
export interface MediaPort {
  readonly id: string;
  bridgedBy: object | null;
  tap(t: LegTap): () => void;
  sendAudio(samples: Int16Array): void;
  sendVideo(frame: I420Frame): void;
}

/** One member as the group bridge is given it. */
export interface GroupPort {
  port: MediaPort;
  /** Members with the same key (the same user's devices) never hear each other. */
  key: string;
  /** False for a listen-only member (a companion device): it hears, nobody hears it. */
  speaks: boolean;
}

/** Processor-wide state a group bridge reports into. */
export interface GroupContext {
  log(e: Omit<ProcessorEvent, "at">): void;
  onClosed(bridge: MediaGroupBridge): void;
}

interface Member extends GroupPort {
  tracker: UtteranceTracker;
  /** The source this member hears now, its frames forwarded in the current slot, and when the slot began. */
  current: Member | null;
  slotFrames: number;
  slotSince: number;
  switches: number;
}

/** The processor's group bridge: one forwarded source per listener, rotated at pauses (SPEC §4.5 CC8). */
export class MediaGroupBridge implements GroupBridge {
  readonly callId: string;
  readonly #members: Member[];
  readonly #ctx: GroupContext;
  readonly #untap: Array<() => void> = [];
  readonly #minFrames: number;
  readonly #maxFrames: number;
  readonly #maxWallMs: number;
  readonly #now: () => number;
  #forwarding = true;

  /** Use MediaProcessor.group(). Throws BAD_STATE when a port is already bridged; TypeError for fewer than 2 ports. */
  constructor(
    ports: GroupPort[],
    callId: string,
    ctx: GroupContext,
    opts: { minSlotMs?: number; maxSlotMs?: number; now?: () => number } = {},
  ) {
    checkGroupPorts(ports.map((p) => p.port));
    const frameMs = (PROCESSOR_AUDIO.frameSamples * 1000) / PROCESSOR_AUDIO.sampleRate;
    const { min, max } = slotBounds(opts, GROUP_DEFAULTS);
    this.#minFrames = Math.ceil(min / frameMs);
    this.#maxFrames = Math.ceil(max / frameMs);
    this.#maxWallMs = max * 1.5;
    this.#now = opts.now ?? Date.now;
    this.callId = callId;
    this.#ctx = ctx;
    this.#members = ports.map((p) => ({
      ...p,
      tracker: new UtteranceTracker({ sampleRate: PROCESSOR_AUDIO.sampleRate }),
      current: null,
      slotFrames: 0,
      slotSince: this.#now(),
      switches: 0,
    }));
    for (const m of this.#members) {
      m.port.bridgedBy = this;
      this.#untap.push(m.port.tap({
        audio: (s, d) => this.#onAudio(m, s, d),
        video: (f) => this.#onVideo(m, f),
      }));
    }
    for (const m of this.#members) this.#pick(m, null);
  }

  /** True until close(). */
  get forwarding(): boolean {
    return this.#forwarding;
  }

  /** Leg ids of the members. */
  get legIds(): string[] {
    return this.#members.map((m) => m.port.id);
  }

  /** SPEC §4.5 (CC8): the members `m` can hear: speaking members of other keys. */
  #sources(m: Member): Member[] {
    return this.#members.filter((s) => s !== m && s.speaks && s.key !== m.key);
  }

  /** Moves `m` to the source after `after` in its source list (or the first one). */
  #pick(m: Member, after: Member | null): void {
    const sources = this.#sources(m);
    const i = after === null ? -1 : sources.indexOf(after);
    const next = sources.length === 0 ? null : sources[(i + 1) % sources.length]!;
    if (next !== m.current) m.switches++;
    m.current = next;
    m.slotFrames = 0;
    m.slotSince = this.#now();
  }

  #onAudio(from: Member, samples: Int16Array, digits: string): void {
    if (!this.#forwarding) return;
    // SPEC §4.5 (CC8): a pause in the source's speech is the end of an utterance (the MP8 rule, in audio time).
    const paused = from.tracker.push(digits, samples.length).some((e) => e.final);
    const now = this.#now();
    for (const m of this.#members) {
      if (m === from) continue;
      // a source that went quiet
      if (m.current !== null && now - m.slotSince > this.#maxWallMs) this.#pick(m, m.current);
      if (m.current !== from) continue;
      m.port.sendAudio(samples);
      m.slotFrames++;
      if ((m.slotFrames >= this.#minFrames && paused) || m.slotFrames >= this.#maxFrames) this.#pick(m, from);
    }
  }

  #onVideo(from: Member, frame: I420Frame): void {
    if (!this.#forwarding) return;
    // SPEC §4.5 (CC8): each listener gets the video of the party it hears.
    for (const m of this.#members) if (m !== from && m.current === from) m.port.sendVideo(frame);
  }

  /** Who hears whom now, and how often each listener switched. */
  stats(): GroupStats {
    return {
      callId: this.callId,
      forwarding: this.#forwarding,
      members: this.#members.map((m) => ({
        legId: m.port.id,
        key: m.key,
        speaks: m.speaks,
        hearing: m.current?.port.id ?? null,
        switches: m.switches,
      })),
    };
  }

  /** Stops forwarding and releases the legs (they stay connected); idempotent. */
  close(): Promise<void> {
    if (!this.#forwarding) return Promise.resolve();
    this.#forwarding = false;
    for (const u of this.#untap) u();
    for (const m of this.#members) if (m.port.bridgedBy === this) m.port.bridgedBy = null;
    this.#ctx.log({ type: "group.closed", callId: this.callId, detail: { legs: this.legIds } });
    this.#ctx.onClosed(this);
    return Promise.resolve();
  }
}
