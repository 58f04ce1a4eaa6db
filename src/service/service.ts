/**
 * `startService()`: the call service — WebSocket signaling at /signal, HTTP admin API at /admin, the transport relay
 * and the media processor, in one process (SPEC §4, §6, §10).
 */
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { type AddressInfo, isIP } from "node:net";
import process from "node:process";
import { WebSocketServer } from "ws";
import { loadPolicyFile, PolicyStore } from "../policy/mod.ts";
import { MediaProcessor, ProcessorPool } from "../processor/mod.ts";
import type { Processor } from "../processor/mod.ts";
import { TransportRelay } from "../relay/mod.ts";
import { Forwarder } from "../forwarder/mod.ts";
import { AdversaryQueue } from "./adversary.ts";
import { handleAdmin } from "./admin.ts";
import { SignalingHub } from "./hub.ts";
import { MediaPlane } from "./media_plane.ts";
import { Admission, type Capacity } from "./admission.ts";
import { legRtcConfig } from "./_forward_wiring.ts";
import { callEvent, type ServiceEvent } from "./log.ts";

/** Options of `startService()`. */
export interface ServiceOptions {
  /** TCP port for signaling and admin; 0 picks a free one. */
  port?: number;
  host?: string;
  /** Declarative policy file contents (SPEC §3.5), loaded at start when no state file exists. */
  policy?: unknown;
  /** State file: loaded at start if present, rewritten after every change (SPEC §10). */
  statePath?: string;
  /** When set, admin requests must carry `Authorization: Bearer <adminToken>`. */
  adminToken?: string;
  /** Unanswered invites end after this many ms (default 30000). */
  noAnswerMs?: number;
  /** SPEC §4.5 (CC6): how long a safe transfer rings its target before ringing the transferor back (default 20000). */
  safeTransferMs?: number;
  /** SPEC §4.5 (CC7): how long a call stays parked before the parker is rung back (default 60000). */
  parkTimeoutMs?: number;
  /** SPEC §4.5 (CC10): longest voicemail message in ms (default 120000). */
  voicemailMaxMs?: number;
  /** Directory for recordings and transcripts (default: a temp dir chosen by the processor). */
  outDir?: string;
  /**
   * SPEC §4.4: media processor worker processes for standard calls' legs; 0 keeps every leg in this process.
   * Default: the environment variable SHIELDCALL_PROCESSOR_WORKERS, else 0.
   */
  processorWorkers?: number;
  log?: (line: string) => void;
  /** Operator events: sign-ins, call starts and ends, refusals (src/service/log.ts). */
  events?: (e: ServiceEvent) => void;
  /** SPEC §2.5 (S3): live calls admitted per kind (default: no limit; `serve` passes its measured capacity). */
  capacity?: Capacity;
}

/** A running service. */
export interface RunningService {
  signalUrl: string;
  adminUrl: string;
  port: number;
  store: PolicyStore;
  hub: SignalingHub;
  media: MediaPlane;
  adversary: AdversaryQueue;
  close(): Promise<void>;
}

const MAX_WS_FRAME = 1 << 20; // transport bound; the protocol's own 64 KiB limit answers PROTO_TOO_LARGE

/** SHIELDCALL_PROCESSOR_WORKERS as a number (NaN when it is not one), or 0 when unset. */
function envWorkers(): number {
  const v = process.env.SHIELDCALL_PROCESSOR_WORKERS;
  return v === undefined || v.trim() === "" ? 0 : Number(v);
}

/** Loads the policy store: the state file if it exists, else the policy file, else an empty store. */
function initialStore(o: ServiceOptions): PolicyStore {
  if (o.statePath && existsSync(o.statePath)) {
    return PolicyStore.fromJSON(JSON.parse(readFileSync(o.statePath, "utf8")));
  }
  if (o.policy !== undefined) return loadPolicyFile(o.policy).store;
  return new PolicyStore();
}

/** Starts a call service; resolves once it listens. */
export async function startService(o: ServiceOptions = {}): Promise<RunningService> {
  const host = o.host ?? "127.0.0.1";
  const store = initialStore(o);
  const persist = () => {
    if (!o.statePath) return;
    const tmp = `${o.statePath}.tmp`;
    writeFileSync(tmp, JSON.stringify(store.toJSON(), null, 2) + "\n");
    renameSync(tmp, o.statePath);
  };
  persist();
  const adversary = new AdversaryQueue();
  const relay = new TransportRelay({ host });
  const workers = o.processorWorkers ?? envWorkers();
  if (!Number.isInteger(workers) || workers < 0) {
    throw new RangeError(`Processor worker count must be a whole number of at least 0, got "${workers}"`);
  }
  const procOpts = o.outDir ? { outDir: o.outDir } : {};
  // SPEC §4.4 (MP11): a leg lost with its worker process ends its call with INTERNAL (reason "media-failed").
  const processor: Processor = workers > 0
    ? new ProcessorPool({ ...procOpts, workers, onLegsLost: (ids) => media.legsLost(ids) })
    : new MediaProcessor(procOpts);
  // The hub and the media plane share the call and endpoint registries.
  // deno-lint-ignore prefer-const -- assigned after the hub that closes over it
  let media!: MediaPlane;
  const admission = o.capacity ? new Admission(o.capacity) : null;
  const hub = new SignalingHub({
    store,
    get media() {
      return media;
    },
    adversary,
    ...(o.noAnswerMs !== undefined ? { noAnswerMs: o.noAnswerMs } : {}),
    ...(o.safeTransferMs !== undefined ? { safeTransferMs: o.safeTransferMs } : {}),
    ...(o.parkTimeoutMs !== undefined ? { parkTimeoutMs: o.parkTimeoutMs } : {}),
    ...(o.voicemailMaxMs !== undefined ? { voicemailMaxMs: o.voicemailMaxMs } : {}),
    onStateChange: persist,
    ...(o.log ? { log: o.log } : {}),
    hooks: {
      ...(o.events ? { event: o.events } : {}),
      ...(admission ? { admit: (kind, calls) => admission.admit(kind, calls) } : {}),
    },
  });
  if (o.events) {
    const events = o.events;
    hub.calls.onLog = (call, event, detail) => {
      const e = callEvent(call, event, detail);
      if (e) events(e);
    };
  }
  // SPEC §13.9, §13.11: one forwarder per service; its legs also offer the service's own address (legRtcConfig)
  const forwarder = new Forwarder({ rtcConfig: legRtcConfig(host, isIP(host) as 0 | 4 | 6) });
  media = new MediaPlane({ relay, processor, forwarder, calls: hub.calls, endpoints: hub.endpoints, host });
  media.onLegReady = (call, role) => hub.core.legReady(call, role);
  media.onMediaLost = (callId) => hub.endCall(callId, "media-failed", "INTERNAL");

  const http = createServer((req: IncomingMessage, res: ServerResponse) => {
    void handleAdmin({ store, hub, media, adversary, persist, adminToken: o.adminToken }, req, res);
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_FRAME });
  http.on("upgrade", (req, socket, head) => {
    if ((req.url ?? "").split("?")[0] !== "/signal") {
      socket.end("HTTP/1.1 404 Not Found\r\n\r\n");
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const h = hub.open({ send: (t) => ws.send(t), close: (c, r) => ws.close(c, r) });
      ws.on(
        "message",
        (data: Buffer, isBinary: boolean) => h.message(isBinary ? new Uint8Array(data) : data.toString("utf8")),
      );
      ws.on("close", () => h.close());
      ws.on("error", () => ws.terminate());
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen(o.port ?? 0, host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  return {
    signalUrl: `ws://${host}:${port}/signal`,
    adminUrl: `http://${host}:${port}/admin`,
    port,
    store,
    hub,
    media,
    adversary,
    async close() {
      hub.close();
      for (const c of wss.clients) c.terminate();
      wss.close();
      const closed = new Promise<void>((r) => http.close(() => r()));
      // Keep-alive admin connections (fetch keeps them open) would hold close() forever on some runtimes.
      http.closeAllConnections?.();
      await closed;
      await media.close();
    },
  };
}
