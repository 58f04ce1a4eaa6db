/**
 * A media processor whose legs live in N worker processes (SPEC §4.4), so standard calls use every core: the same
 * surface as MediaProcessor (the Processor interface), over the line protocol of _wire.ts. Both legs of a call go to
 * one worker (the leg id up to its last ":" is the affinity key; the least loaded worker takes a new key), and so
 * does their bridge. A bridge or group whose legs live in different workers (legs of several calls joined by
 * transfer, park or merge) runs in the worker holding most of them; the other legs' media is carried through this
 * process. A worker that dies fails its legs (state "failed") and reports them through `onLegsLost`; a new worker
 * takes its place.
 */
import { type CheckedMember, ProcessorFront, type VoicemailOptions } from "./_front.ts";
import { defaultOutDir } from "./_files.ts";
import type { PortRef, WorkerEvent } from "./_worker_protocol.ts";
import { workerCommand, WorkerConn } from "./_worker_conn.ts";
import { RemoteBridge, RemoteLeg } from "./remote.ts";
import { RemoteGroup, RemoteVoicemail } from "./remote_group.ts";

export { workerCommand } from "./_worker_conn.ts";
import type { MediaProcessorOptions, ProcessorEvent, ProcessorStats } from "./types.ts";

/** Options of ProcessorPool. */
export interface ProcessorPoolOptions extends MediaProcessorOptions {
  /** Worker processes (≥ 1). */
  workers: number;
  /** argv that starts one worker (default: `shieldcall processor-worker` with this runtime). */
  command?: string[];
  /** Legs that failed because their worker died (their calls cannot go on); must not throw. */
  onLegsLost?: (legIds: string[], reason: string) => void;
}

/** The worker of a leg of this pool. */
const wk = (l: RemoteLeg): WorkerConn => l.worker as WorkerConn;

/** Longest wait of sync(), ms. */
const SYNC_MAX_MS = 1000;

/** Legs of one affinity key: the worker they live in and how many are open. */
interface Placement {
  worker: WorkerConn;
  open: number;
}

/**
 * A media processor over worker processes (SPEC §4.4). Hosts need no process.exit() dance for it: node-webrtc
 * runs only in the workers.
 * @example
 * const p = new ProcessorPool({ workers: 2, outDir: "/tmp/rec" });
 * const a = p.createLeg("c-1:caller"), b = p.createLeg("c-1:callee"); // one worker
 * await a.answer(offerFromAlice); …; const bridge = p.bridge(a, b, { callId: "c-1" });
 * await p.close();
 */
export class ProcessorPool extends ProcessorFront<RemoteLeg> {
  readonly outDir: string;
  readonly #opts: ProcessorPoolOptions;
  readonly #argv: string[];
  readonly #workers: WorkerConn[] = [];
  readonly #placement = new Map<string, Placement>();
  readonly #bridges = new Set<RemoteBridge | RemoteGroup>();
  readonly #handles = new Map<number, RemoteBridge | RemoteGroup | RemoteVoicemail>();
  /** The worker each bridge and group runs in. */
  readonly #hosts = new Map<RemoteBridge | RemoteGroup, WorkerConn>();
  /** Cross-worker media links: the leg's worker exports its media, the bridge's worker imports it. */
  readonly #links = new Map<number, { legId: string; exporter: WorkerConn; importer: WorkerConn; owner: number }>();
  readonly #gone = { audioFramesIn: 0, videoFramesIn: 0 };
  #seq = 0;

  /** Starts `workers` worker processes. Throws RangeError for a count that is not a whole number ≥ 1. */
  constructor(opts: ProcessorPoolOptions) {
    super(RemoteLeg);
    if (!Number.isInteger(opts.workers) || opts.workers < 1) {
      throw new RangeError(`Worker count must be a whole number of at least 1, got "${opts.workers}"`);
    }
    this.#opts = opts;
    this.outDir = opts.outDir ?? defaultOutDir();
    this.#argv = opts.command ?? workerCommand();
    for (let i = 0; i < opts.workers; i++) this.#workers.push(this.#spawn(i));
  }

  #spawn(index: number): WorkerConn {
    const init = {
      outDir: this.outDir,
      log: this.#opts.log !== undefined,
      ...(this.#opts.rtcConfig ? { rtcConfig: this.#opts.rtcConfig } : {}),
      ...(this.#opts.gatherTimeoutMs ? { gatherTimeoutMs: this.#opts.gatherTimeoutMs } : {}),
    };
    return new WorkerConn(index, this.#argv, init, {
      onEvent: (w, m) => this.#event(w, m),
      onRelay: (w, kind, id, line) => {
        // SPEC §4.4 (MP11): a leg's media for a bridge in another worker ("frame"), or that bridge's media toward the
        // leg ("send").
        const link = this.#links.get(id);
        if (!link) return;
        if (kind === "frame" && link.exporter === w) link.importer.relay(kind, line);
        else if (kind === "send" && link.importer === w) link.exporter.relay(kind, line);
      },
      onExit: (w, reason) => this.#lost(w, reason),
      logError: (message) => this.#log({ type: "error", detail: { message } }),
    });
  }

  #log(e: Omit<ProcessorEvent, "at">): void {
    const log = this.#opts.log;
    if (log === undefined) return;
    try {
      log({ at: Date.now(), ...e });
    } catch {
      // a logger must not break media handling
    }
  }

  #event(w: WorkerConn, m: WorkerEvent): void {
    switch (m.ev) {
      case "stats": {
        for (const [id, s] of Object.entries(m.legs)) {
          const l = this.openLegs.get(id);
          if (l && l.worker === w) l.update(s);
        }
        for (const [h, s] of Object.entries(m.groups)) {
          const g = this.#handles.get(Number(h));
          if (g instanceof RemoteGroup) g.update(s);
        }
        for (const [h, s] of Object.entries(m.vms)) {
          const v = this.#handles.get(Number(h));
          if (v instanceof RemoteVoicemail) v.update(s);
        }
        w.totals = { audioFramesIn: m.totals.audioFramesIn, videoFramesIn: m.totals.videoFramesIn };
        return;
      }
      case "caption": {
        const b = this.#handles.get(m.h);
        if (b instanceof RemoteBridge) b.caption(m.c);
        return;
      }
      case "log":
        if (this.#opts.log) this.#log(m.e);
        return;
    }
  }

  /** A worker died: its legs fail, bridges hosted there stop, links through it end; a new worker takes its slot. */
  #lost(w: WorkerConn, reason: string): void {
    this.#gone.audioFramesIn += w.totals.audioFramesIn;
    this.#gone.videoFramesIn += w.totals.videoFramesIn;
    w.totals = { audioFramesIn: 0, videoFramesIn: 0 };
    if (this.closed) return;
    this.#log({ type: "error", detail: { message: `Media processor worker ${w.index} exited: ${reason}` } });
    const lost = [...this.openLegs.values()].filter((l) => l.worker === w);
    for (const l of lost) l.fail();
    for (const b of [...this.#bridges]) if (this.#hosts.get(b) === w) b.fail();
    for (const [id, link] of this.#links) {
      if (link.exporter === w || link.importer === w) this.#links.delete(id);
    }
    // A worker that died right after it started (cannot load, bad command) is not replaced: no restart loop.
    if (this.#workers[w.index] === w && Date.now() - w.startedAt > 2000) this.#workers[w.index] = this.#spawn(w.index);
    if (lost.length > 0) {
      try {
        this.#opts.onLegsLost?.(lost.map((l) => l.id), `media processor worker exited: ${reason}`);
      } catch {
        // must not throw
      }
    }
  }

  /** SPEC §4.4: a leg in the worker of its affinity key, or in the worker with the fewest open legs. */
  protected openLeg(legId: string, opts: { label?: string; affinity?: string }): RemoteLeg {
    const key = opts.affinity ?? (legId.includes(":") ? legId.slice(0, legId.lastIndexOf(":")) : legId);
    let place = this.#placement.get(key);
    if (!place || place.worker.dead !== null) {
      const live = this.#workers.filter((w) => w.dead === null);
      const worker = (live.length > 0 ? live : this.#workers).reduce((a, b) => (b.legs < a.legs ? b : a));
      this.#placement.set(key, place = { worker, open: 0 });
    }
    const p = place;
    p.open++;
    p.worker.legs++;
    const leg = new RemoteLeg(legId, opts.label ?? legId, p.worker, (l) => {
      if (this.openLegs.get(l.id) === l) this.openLegs.delete(l.id);
      p.worker.legs--;
      if (--p.open === 0 && this.#placement.get(key) === p) this.#placement.delete(key);
    });
    this.openLegs.set(legId, leg);
    p.worker.post({ op: "leg.create", leg: legId, label: leg.label });
    return leg;
  }

  /** Where a bridge in `host` finds `leg`: its own leg, or a link importing it from the leg's worker. */
  #portIn(host: WorkerConn, leg: RemoteLeg, owner: number): PortRef {
    if (wk(leg) === host) return { leg: leg.id };
    const link = ++this.#seq;
    this.#links.set(link, { legId: leg.id, exporter: wk(leg), importer: host, owner });
    wk(leg).post({ op: "export", link, leg: leg.id });
    return { link, id: leg.id };
  }

  #unlink(owner: number): void {
    for (const [id, link] of this.#links) {
      if (link.owner !== owner) continue;
      this.#links.delete(id);
      link.exporter.post({ op: "unexport", link: id });
      link.importer.post({ op: "unexport", link: id });
    }
  }

  #bridgeContext(handle: number) {
    return {
      onClosed: (b: RemoteBridge | RemoteGroup) => {
        this.#bridges.delete(b);
        this.#hosts.delete(b);
        this.#handles.delete(handle);
        this.#unlink(handle);
      },
      log: (message: string, callId: string) => this.#log({ type: "error", callId, detail: { message } }),
    };
  }

  /**
   * SPEC §4.4: forwards media between two legs, in the worker of leg `a` (leg `b`'s media crosses over if it lives
   * elsewhere).
   */
  protected openBridge(la: RemoteLeg, lb: RemoteLeg, id: string | undefined): RemoteBridge {
    const h = ++this.#seq;
    const callId = id ?? `bridge-${h}`;
    const host = wk(la);
    const br = new RemoteBridge(la, lb, callId, h, host, this.#bridgeContext(h));
    const pa = this.#portIn(host, la, h);
    const pb = this.#portIn(host, lb, h);
    host.post({ op: "bridge", h, callId, a: pa, b: pb });
    this.#bridges.add(br);
    this.#hosts.set(br, host);
    this.#handles.set(h, br);
    return br;
  }

  /** SPEC §4.5 (CC8): a group bridge in the worker holding most of its legs. */
  protected openGroup(
    ms: CheckedMember<RemoteLeg>[],
    opts: { callId?: string; minSlotMs?: number; maxSlotMs?: number },
  ): RemoteGroup {
    const count = new Map<WorkerConn, number>();
    for (const m of ms) count.set(wk(m.leg), (count.get(wk(m.leg)) ?? 0) + 1);
    const host = [...count].reduce((x, y) => (y[1] > x[1] ? y : x))[0];
    const h = ++this.#seq;
    const callId = opts.callId ?? `group-${h}`;
    const g = new RemoteGroup(ms, callId, h, host, this.#bridgeContext(h));
    const wire = ms.map((m) => ({ port: this.#portIn(host, m.leg, h), key: m.key, speaks: m.speaks }));
    const slot = {
      ...(opts.minSlotMs !== undefined ? { minSlotMs: opts.minSlotMs } : {}),
      ...(opts.maxSlotMs !== undefined ? { maxSlotMs: opts.maxSlotMs } : {}),
    };
    host.post({ op: "group", h, callId, members: wire, opts: slot });
    this.#bridges.add(g);
    this.#hosts.set(g, host);
    this.#handles.set(h, g);
    return g;
  }

  /** SPEC §4.5 (CC10): records what `leg` receives, in the leg's worker. */
  protected openVoicemail(l: RemoteLeg, opts: VoicemailOptions): RemoteVoicemail {
    const h = ++this.#seq;
    const v = new RemoteVoicemail(l, opts.callId, h, wk(l), () => this.#handles.delete(h));
    wk(l).post({ op: "vm", h, leg: l.id, opts });
    this.#handles.set(h, v);
    return v;
  }

  /** Open legs and bridges; frame totals as the workers last pushed them (every SNAPSHOT_MS), dead workers included. */
  stats(): ProcessorStats {
    const t = { ...this.#gone };
    for (const w of this.#workers) {
      t.audioFramesIn += w.totals.audioFramesIn;
      t.videoFramesIn += w.totals.videoFramesIn;
    }
    return { legs: this.openLegs.size, bridges: this.#bridges.size, ...t };
  }

  /**
   * Resolves once every live worker pushed its current counters, or after SYNC_MAX_MS (a stalled worker never holds a
   * call's teardown).
   */
  async sync(): Promise<void> {
    let t: ReturnType<typeof setTimeout> | undefined;
    const all = Promise.all(
      this.#workers.filter((w) => w.dead === null).map((w) => w.request({ op: "sync" }).catch(() => {})),
    );
    await Promise.race([all, new Promise((r) => (t = setTimeout(r, SYNC_MAX_MS)))]);
    clearTimeout(t);
  }

  /** Index (into workerPids()) of the worker holding an open leg, or null (diagnostics and tests). */
  workerOf(legId: string): number | null {
    const l = this.openLegs.get(legId);
    return l ? l.worker.index : null;
  }

  /** OS process ids of the workers (diagnostics and tests). */
  workerPids(): number[] {
    return this.#workers.map((w) => w.child.pid ?? -1);
  }

  /** Closes every bridge and leg, then every worker (each stops its tracks and closes its connections, then exits). */
  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.allSettled([...this.#bridges].map((b) => b.close()));
    this.closed = true;
    for (const l of [...this.openLegs.values()]) void l.close();
    await Promise.all(this.#workers.map((w) => w.shutdown(10000)));
  }
}
