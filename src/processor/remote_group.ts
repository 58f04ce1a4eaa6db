/**
 * The service-side stand-ins of the call-control members that live in a processor worker process (SPEC §4.5): a
 * group bridge (CC8) and a voicemail recorder (CC10). Like remote.ts: async members are requests to the worker,
 * synchronous ones answer from the counters the worker pushes.
 */
import type { RemoteBridgeContext, RemoteLeg, WorkerChannel } from "./remote.ts";
import type { GroupBridge, GroupStats, Voicemail, VoicemailManifest } from "./types.ts";

/** A group bridge in a worker (SPEC §4.5 CC8); stats() is the worker's last pushed snapshot. */
export class RemoteGroup implements GroupBridge {
  readonly callId: string;
  readonly legIds: string[];
  readonly handle: number;
  readonly legs: RemoteLeg[];
  readonly #w: WorkerChannel;
  readonly #ctx: RemoteBridgeContext;
  #snap: GroupStats;
  #forwarding = true;

  constructor(
    members: Array<{ leg: RemoteLeg; key: string; speaks: boolean }>,
    callId: string,
    handle: number,
    worker: WorkerChannel,
    ctx: RemoteBridgeContext,
  ) {
    this.callId = callId;
    this.handle = handle;
    this.legs = members.map((m) => m.leg);
    this.legIds = this.legs.map((l) => l.id);
    this.#w = worker;
    this.#ctx = ctx;
    this.#snap = {
      callId,
      forwarding: true,
      members: members.map((m) => ({ legId: m.leg.id, key: m.key, speaks: m.speaks, hearing: null, switches: 0 })),
    };
    for (const l of this.legs) l.bridgedBy = this;
  }

  get forwarding(): boolean {
    return this.#forwarding;
  }

  stats(): GroupStats {
    return { ...this.#snap, forwarding: this.#forwarding };
  }

  update(s: GroupStats): void {
    this.#snap = s;
  }

  #release(): void {
    for (const l of this.legs) if (l.bridgedBy === this) l.bridgedBy = null;
  }

  fail(): void {
    if (!this.#forwarding) return;
    this.#forwarding = false;
    this.#release();
    this.#ctx.onClosed(this);
  }

  async close(): Promise<void> {
    if (!this.#forwarding) return;
    this.#forwarding = false;
    this.#release();
    try {
      await this.#w.request({ op: "group.close", h: this.handle });
    } catch (e) {
      this.#ctx.log(`Cannot close the group bridge: ${String(e)}`, this.callId);
    } finally {
      this.#ctx.onClosed(this);
    }
  }
}

/** A voicemail recorder in the worker of its leg (SPEC §4.5 CC10). */
export class RemoteVoicemail implements Voicemail {
  readonly callId: string;
  readonly handle: number;
  readonly #leg: RemoteLeg;
  readonly #w: WorkerChannel;
  readonly #onStopped: (v: RemoteVoicemail) => void;
  #snap = { samples: 0, heard: "" };
  #result: Promise<VoicemailManifest> | null = null;

  constructor(
    leg: RemoteLeg,
    callId: string,
    handle: number,
    worker: WorkerChannel,
    onStopped: (v: RemoteVoicemail) => void,
  ) {
    this.callId = callId;
    this.handle = handle;
    this.#leg = leg;
    this.#w = worker;
    this.#onStopped = onStopped;
    leg.bridgedBy = this;
  }

  get samples(): number {
    return this.#snap.samples;
  }

  get heard(): string {
    return this.#snap.heard;
  }

  update(s: { samples: number; heard: string }): void {
    this.#snap = s;
  }

  stop(): Promise<VoicemailManifest> {
    if (this.#result !== null) return this.#result;
    if (this.#leg.bridgedBy === this) this.#leg.bridgedBy = null;
    this.#onStopped(this);
    this.#result = this.#w.request({ op: "vm.stop", h: this.handle }) as Promise<VoicemailManifest>;
    return this.#result;
  }
}
