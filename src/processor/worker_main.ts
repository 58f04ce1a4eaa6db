/**
 * A media processor worker process (SPEC §4.4): hosts legs, bridges, group bridges and voicemail recorders for a
 * ProcessorPool in the parent, over the line protocol of _worker_protocol.ts on stdin/stdout. `shieldcall
 * processor-worker`
 * runs it. Pushes a stats snapshot of what changed every SNAPSHOT_MS, and on `sync`. Exits when stdin closes,
 * after stopping tracks and closing every peer connection (docs/node-webrtc.md teardown order), explicitly.
 */
import process from "node:process";
import { createInterface } from "node:readline";
import { MediaBridge } from "./bridge.ts";
import { MediaGroupBridge } from "./group.ts";
import type { MediaPort } from "./group.ts";
import type { Leg, LegTap } from "./leg.ts";
import { MediaProcessor } from "./processor.ts";
import { VoicemailRecorder } from "./voicemail.ts";
import {
  errorToWire,
  frameFromWire,
  frameToWire,
  pcmFromWire,
  pcmToWire,
  type PortRef,
  type WireMedia,
} from "./_wire.ts";
import type { I420Frame } from "./_wrtc.ts";
import { type BridgeMethod, requestCheck, type WorkerEvent, type WorkerRequest } from "./_worker_protocol.ts";
import type { ProcessorEvent } from "./types.ts";

/** How often the worker pushes the counters that changed, ms. */
export const SNAPSHOT_MS = 100;

type Msg = Exclude<WorkerRequest, { op: "init" }>;

function send(obj: WorkerEvent | { re: number; ok: boolean; value?: unknown; error?: unknown }): void {
  process.stdout.write(`${JSON.stringify(obj)}\n`);
}

/** A leg of another worker, as a bridge in this worker sees it: frames come in over the pipe and go out over it. */
class ImportedPort implements MediaPort {
  bridgedBy: object | null = null;
  readonly #taps = new Set<LegTap>();
  constructor(readonly id: string, readonly link: number) {}
  tap(t: LegTap): () => void {
    this.#taps.add(t);
    return () => this.#taps.delete(t);
  }
  sendAudio(samples: Int16Array): void {
    send({ ev: "send", link: this.link, a: pcmToWire(samples) });
  }
  sendVideo(frame: I420Frame): void {
    send({ ev: "send", link: this.link, v: frameToWire(frame) });
  }
  feed(m: WireMedia): void {
    if (m.a !== undefined) {
      const pcm = pcmFromWire(m.a);
      for (const t of this.#taps) t.audio?.(pcm, m.d ?? "");
    } else if (m.v !== undefined) {
      const f = frameFromWire(m.v);
      for (const t of this.#taps) t.video?.(f);
    }
  }
}

class Worker {
  readonly #p: MediaProcessor;
  readonly #logOn: boolean;
  readonly #legs = new Map<string, Leg>();
  readonly #bridges = new Map<number, MediaBridge>();
  readonly #groups = new Map<number, MediaGroupBridge>();
  readonly #vms = new Map<number, VoicemailRecorder>();
  readonly #imports = new Map<number, ImportedPort>();
  readonly #exports = new Map<number, () => void>();
  /** Link → the leg it exports (a bridge elsewhere sends toward that leg over the same link). */
  readonly #exportLeg = new Map<number, string>();
  readonly #last = new Map<string, string>();
  readonly #heardSent = new Map<string, number>();
  #closing: Promise<void> | null = null;

  constructor(init: Extract<WorkerRequest, { op: "init" }>) {
    this.#logOn = init.log === true;
    this.#p = new MediaProcessor({
      outDir: init.outDir,
      ...(init.rtcConfig ? { rtcConfig: init.rtcConfig } : {}),
      ...(init.gatherTimeoutMs ? { gatherTimeoutMs: init.gatherTimeoutMs } : {}),
      log: (e) => this.#logOn && send({ ev: "log", e }),
    });
  }

  #log = (e: Omit<ProcessorEvent, "at">): void => {
    if (this.#logOn) send({ ev: "log", e: { at: Date.now(), ...e } });
  };

  #leg(id: string): Leg {
    const l = this.#legs.get(id);
    if (!l) throw new TypeError(`Leg "${id}" does not belong to this media processor worker`);
    return l;
  }

  /** A bridge's port: one of this worker's legs, or an imported leg of another worker (SPEC §4.4). */
  #port(ref: PortRef): Leg {
    if ("leg" in ref) return this.#leg(ref.leg);
    let p = this.#imports.get(ref.link);
    if (!p) this.#imports.set(ref.link, p = new ImportedPort(ref.id, ref.link));
    // MediaBridge and MediaGroupBridge use only the MediaPort part of a Leg (id, bridgedBy, tap, send*).
    return p as unknown as Leg;
  }

  /** Runs one request; the synchronous part runs before the next line is read, so requests apply in order. */
  async handle(m: Msg): Promise<unknown> {
    switch (m.op) {
      case "in":
        return this.#imports.get(m.link)?.feed(m);
      case "out": {
        const l = this.#legs.get(this.#exportLeg.get(m.link) ?? "");
        if (m.a !== undefined) l?.sendAudio(pcmFromWire(m.a));
        else if (m.v !== undefined) l?.sendVideo(frameFromWire(m.v));
        return;
      }
      case "leg.create": {
        const l = this.#p.createLeg(m.leg, { label: m.label }) as Leg;
        this.#legs.set(l.id, l);
        return;
      }
      case "leg.answer":
        return await this.#leg(m.leg).answer(m.sdp);
      case "leg.offer":
        return await this.#leg(m.leg).offer();
      case "leg.certificate":
        return await this.#leg(m.leg).certificateFingerprint();
      case "leg.applyAnswer":
        return await this.#leg(m.leg).applyAnswer(m.sdp);
      case "leg.close": {
        this.#push(true); // the leg's last counters, before it leaves the snapshot
        const l = this.#legs.get(m.leg);
        this.#legs.delete(m.leg);
        this.#heardSent.delete(m.leg);
        await l?.close();
        return;
      }
      case "bridge": {
        const h = m.h;
        const b = new MediaBridge(this.#port(m.a), this.#port(m.b), m.callId, {
          outDir: this.#p.outDir,
          log: this.#log,
          onClosed: () => this.#bridges.delete(h),
        });
        this.#bridges.set(h, b);
        this.#log({ type: "bridge.created", callId: b.callId, detail: { a: b.a.id, b: b.b.id } });
        return;
      }
      case "bridge.do":
        return await this.#bridgeDo(m.h, m.m);
      case "group": {
        const h = m.h;
        const ports = m.members.map((x) => ({ port: this.#port(x.port), key: x.key, speaks: x.speaks }));
        const g = new MediaGroupBridge(ports, m.callId, {
          log: this.#log,
          onClosed: () => this.#groups.delete(h),
        }, m.opts);
        this.#groups.set(h, g);
        this.#log({ type: "group.created", callId: g.callId, detail: { legs: g.legIds } });
        return;
      }
      case "group.close":
        await this.#groups.get(m.h)?.close();
        this.#push(true);
        return;
      case "vm":
        this.#vms.set(
          m.h,
          new VoicemailRecorder(this.#leg(m.leg), m.opts, { outDir: this.#p.outDir, log: this.#log }),
        );
        return;
      case "vm.stop": {
        const v = this.#vms.get(m.h);
        if (!v) throw new TypeError(`No voicemail recorder "${m.h}"`);
        this.#vms.delete(m.h);
        return await v.stop();
      }
      case "export": {
        const link = m.link;
        this.#exportLeg.set(link, m.leg);
        // SPEC §4.4: a bridge in another worker hears this leg: its incoming media, frame by frame.
        this.#exports.set(
          link,
          this.#leg(m.leg).tap({
            audio: (s, d) => send({ ev: "frame", link, a: pcmToWire(s), ...(d ? { d } : {}) }),
            video: (f) => send({ ev: "frame", link, v: frameToWire(f) }),
          }),
        );
        return;
      }
      case "unexport":
        this.#exports.get(m.link)?.();
        this.#exports.delete(m.link);
        this.#exportLeg.delete(m.link);
        this.#imports.delete(m.link);
        return;
      case "sync":
        this.#push(false);
        return;
      case "close":
        return await this.close();
    }
  }

  async #bridgeDo(h: number, method: BridgeMethod): Promise<unknown> {
    const b = this.#bridges.get(h);
    if (!b) throw new TypeError(`No bridge "${h}" in this media processor worker`);
    switch (method) {
      case "startRecording":
        return b.startRecording();
      case "stopRecording":
        return await b.stopRecording();
      case "startCaptions":
        // SPEC §4.4 (F2): captions go to the pool, which calls the service's callback.
        return b.startCaptions((c) => send({ ev: "caption", h, c }));
      case "stopCaptions":
        return b.stopCaptions();
      case "startTranscription":
        return b.startTranscription();
      case "stopTranscription":
        return await b.stopTranscription();
      case "unbridge":
        return b.unbridge();
      case "close": {
        await b.close();
        // What stopRecording()/stopTranscription() return after close(): the outputs close() wrote, if any.
        const recording = await b.stopRecording().catch(() => null);
        const transcript = await b.stopTranscription().catch(() => null);
        return { recording, transcript };
      }
    }
  }

  /** Sends the counters that changed since the last push (every one when `onlyChanged` is false). */
  #push(onlyChanged = true): void {
    const legs: Record<string, unknown> = {};
    const groups: Record<string, unknown> = {};
    const vms: Record<string, unknown> = {};
    let any = !onlyChanged;
    const put = (key: string, into: Record<string, unknown>, id: string, v: unknown) => {
      const s = JSON.stringify(v);
      if (onlyChanged && this.#last.get(key) === s) return;
      this.#last.set(key, s);
      into[id] = v;
      any = true;
    };
    for (const [id, l] of this.#legs) {
      // `heard` grows for the whole call: only the digits added since the last push cross the pipe (hl = offset).
      const { heard, ...rest } = l.stats();
      const key = `l:${id}`;
      const sig =
        `${rest.state}|${rest.audioFramesIn}|${rest.audioFramesWithEnergy}|${rest.videoFramesIn}|${heard.length}`;
      if (onlyChanged && this.#last.get(key) === sig) continue;
      const from = this.#heardSent.get(id) ?? 0;
      this.#last.set(key, sig);
      this.#heardSent.set(id, heard.length);
      legs[id] = { ...rest, hl: from, hd: heard.slice(from) };
      any = true;
    }
    for (const [h, g] of this.#groups) put(`g:${h}`, groups, String(h), g.stats());
    for (const [h, v] of this.#vms) put(`v:${h}`, vms, String(h), { samples: v.samples, heard: v.heard });
    if (any) send({ ev: "stats", legs, groups, vms, totals: this.#p.stats() } as WorkerEvent);
  }

  tick(): void {
    this.#push(true);
  }

  /** Closes bridges, groups and legs (tracks stopped, peer connections closed); idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#push(false);
      for (const u of this.#exports.values()) u();
      this.#exports.clear();
      await Promise.allSettled([...this.#bridges.values()].map((b) => b.close()));
      await Promise.allSettled([...this.#groups.values()].map((g) => g.close()));
      await this.#p.close();
      this.#push(false);
    })();
    return this.#closing;
  }
}

/** Runs a worker on this process's stdin/stdout until stdin closes; then exits the process (never returns normally). */
export async function runProcessorWorker(): Promise<number> {
  let worker: Worker | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", (line) => {
    if (line.trim() === "") return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      process.stderr.write(`processor worker: ignoring a line that is not JSON: ${line.slice(0, 80)}\n`);
      return;
    }
    if (!requestCheck.Check(parsed)) {
      const id = (parsed as { id?: unknown } | null)?.id;
      const error = { name: "TypeError", message: `Not a processor worker request: ${line.slice(0, 80)}` };
      if (typeof id === "number") return send({ re: id, ok: false, error });
      return process.stderr.write(`processor worker: ${error.message}\n`), undefined;
    }
    const m = parsed;
    if (m.op === "init") {
      worker = new Worker(m);
      timer = setInterval(() => worker?.tick(), SNAPSHOT_MS);
      if (m.id !== undefined) send({ re: m.id, ok: true });
      return;
    }
    if (!worker) return process.stderr.write(`processor worker: request "${m.op}" before init\n`), undefined;
    let p: Promise<unknown>;
    try {
      p = worker.handle(m as Msg);
    } catch (e) {
      p = Promise.reject(e);
    }
    p.then(
      (value) => m.id !== undefined && send({ re: m.id, ok: true, ...(value !== undefined ? { value } : {}) }),
      (e) =>
        m.id !== undefined
          ? send({ re: m.id, ok: false, error: errorToWire(e) })
          : process.stderr.write(`processor worker: ${String(e)}\n`),
    );
  });
  await new Promise<void>((resolve) => rl.once("close", resolve));
  if (timer) clearInterval(timer);
  // docs/node-webrtc.md: stop tracks, close every peer connection, then exit explicitly.
  await (worker as Worker | null)?.close();
  process.exit(0);
}
