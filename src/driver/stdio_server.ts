/**
 * The driver-protocol adapter (SPEC §7): JSON-RPC 2.0 lines on stdin dispatched to a reference peer, responses and
 * notifications one per line on stdout, free-text diagnostics on stderr only. Another implementation can copy this
 * file and replace the peer factory: the framing and the error mapping do not depend on the reference peer.
 */
import { isShieldCallError, ShieldCallError } from "../errors.ts";
import {
  type CallState,
  DRIVER_METHODS,
  type DriverRequest,
  FEATURES,
  MAX_RPC_LINE_BYTES,
  type MediaProfile,
  parseRpcRequest,
  PROTOCOL_VERSION,
  RPC_ERRORS,
  rpcAppError,
  rpcError,
  type RpcId,
  rpcLine,
  rpcNotification,
  rpcResult,
  SIGNALING_PROTOCOL_VERSION,
} from "../protocol/mod.ts";
import { ReferencePeer } from "../peer/mod.ts";
import { collectAndSettle } from "./_gc.ts";
import { LineSplitter } from "./_lines.ts";
import { VERSION } from "../version.ts";

/** `name` in the `hello` result. */
export const ADAPTER_NAME = "shieldcall-reference";
/** `version` in the `hello` result (the package version). */
export const ADAPTER_VERSION = VERSION;

/**
 * `profiles` in the reference's `hello` result. SPEC §7: an adapter MUST NOT declare "sframe" until it implements
 * §13 end to end; the reference peer's media is DTLS-SRTP only (node-webrtc has no encoded-frame API).
 */
export const REFERENCE_PROFILES: readonly MediaProfile[] = Object.freeze(["dtls-srtp"]);

/** What the adapter needs from a peer: the SPEC §7 methods (ReferencePeer satisfies it). */
export interface DriverPeer {
  connect(): Promise<{ userId: string; endpointId: string }>;
  getSettings(): Promise<{ visible: boolean; enabled: boolean }>;
  setSettings(enabled: boolean): Promise<{ visible: boolean; enabled: boolean }>;
  /** `profile`: SPEC §7 `call.place.profile`, only ever one the adapter declared (checked before). */
  place(to: string, profile?: MediaProfile): Promise<string>;
  answer(callId: string): Promise<void>;
  decline(callId: string): Promise<void>;
  hangup(callId: string): Promise<void>;
  state(callId: string): CallState;
  requestFeature(
    callId: string,
    feature: string,
    args?: Record<string, unknown>,
  ): Promise<{ ok: true; result?: Record<string, unknown> }>;
  on(
    event: "incoming",
    fn: (e: { callId: string; from: string; via?: { feature: string; by: string } }) => void,
  ): () => void;
  on(event: "changed", fn: (e: CallState) => void): () => void;
  close(): Promise<void>;
}

/** `configure` params (SPEC §7). */
export interface PeerConfig {
  serviceUrl: string;
  user: string;
  token: string;
  device?: string;
  /** SPEC §7: suite-internal; 2 makes the reference peer authenticate as an older endpoint (absent: 3, reset). */
  protocol?: 2 | 3;
}

/** Creates an unconnected peer for a `configure` request; the adapter calls connect() on it. */
export type PeerFactory = (cfg: PeerConfig, log: (line: string) => void) => DriverPeer;

/** A byte or text sink: a Node Writable (process.stdout) or a web WritableStream. */
export type LineOutput =
  | { write(chunk: string, cb?: (err?: Error | null) => void): unknown }
  | WritableStream<Uint8Array>;
/** A byte or text source: a Node Readable (process.stdin), a web ReadableStream, or any async iterable. */
export type LineInput = AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>;

/** Options of runStdioAdapter(). */
export interface StdioAdapterOptions {
  input: LineInput;
  output: LineOutput;
  /** Default: a ReferencePeer with the configured url, token and device. */
  peerFactory?: PeerFactory;
  /** Called after `shutdown` was answered and the peer closed (default process.exit). */
  exit?: (code: number) => void;
  /** Diagnostics (default: stderr). */
  log?: (line: string) => void;
  /** Bound on closing the peer at shutdown or end of input, in ms (default 5000). */
  closeTimeoutMs?: number;
  /** `name` in the `hello` result (default ADAPTER_NAME); the web client's adapter says "shieldcall-web". */
  name?: string;
  /** `profiles` in the `hello` result (default REFERENCE_PROFILES); SPEC §7: each one implemented end to end. */
  profiles?: readonly MediaProfile[];
  /**
   * Configure a peer before reading the first line (as if `configure` had been sent); a later configure replaces it.
   */
  preconfigure?: PeerConfig;
}

/** The default peer factory: a ReferencePeer. */
export const referencePeerFactory: PeerFactory = (cfg, log) =>
  new ReferencePeer({
    serviceUrl: cfg.serviceUrl,
    token: cfg.token,
    device: cfg.device,
    log,
    protocol: cfg.protocol ?? SIGNALING_PROTOCOL_VERSION,
  });

/**
 * Runs the adapter until the input ends (resolves 0 after closing the peer) or `shutdown` (answers, closes the
 * peer, then calls `exit(0)`). Never writes anything but protocol lines to `output`.
 */
export async function runStdioAdapter(opts: StdioAdapterOptions): Promise<number> {
  const log = opts.log ?? ((line: string) => console.error(`[peer] ${line}`));
  const exit = opts.exit ??
    ((code: number) => (globalThis as { process?: { exit(c: number): void } }).process?.exit(code));
  const factory = opts.peerFactory ?? referencePeerFactory;
  const closeTimeoutMs = opts.closeTimeoutMs ?? 5000;
  const out = lineWriter(opts.output, log);
  let peer: DriverPeer | undefined;
  let unsubscribe: Array<() => void> = [];
  let configuring: Promise<unknown> = Promise.resolve();
  let shuttingDown = false;

  const closePeer = async () => {
    const p = peer;
    peer = undefined;
    for (const u of unsubscribe) u();
    unsubscribe = [];
    if (p) await withTimeout(p.close(), closeTimeoutMs).catch((e) => log(`closing the peer failed: ${errText(e)}`));
  };

  const needPeer = (): DriverPeer => {
    if (!peer) throw new ShieldCallError("AUTH_REQUIRED", "The adapter is not configured: call configure first");
    return peer;
  };

  const handle = async (req: DriverRequest): Promise<unknown> => {
    switch (req.method) {
      case "hello":
        return {
          name: opts.name ?? ADAPTER_NAME,
          version: ADAPTER_VERSION,
          protocol: PROTOCOL_VERSION,
          methods: [...DRIVER_METHODS],
          features: [...FEATURES],
          profiles: [...(opts.profiles ?? REFERENCE_PROFILES)], // SPEC §7: the media profiles implemented
        };
      case "configure": {
        await closePeer();
        const p = factory(req.params, log);
        const welcome = await p.connect().catch(async (e) => {
          await withTimeout(p.close(), closeTimeoutMs).catch(() => {});
          throw e;
        });
        if (req.params.user && welcome.userId !== req.params.user) {
          log(`configured as "${welcome.userId}" (asked for "${req.params.user}")`);
        }
        peer = p;
        unsubscribe = [
          p.on(
            "incoming",
            (e) =>
              out.write(
                rpcNotification(
                  "call.incoming",
                  e.via ? { callId: e.callId, from: e.from, via: { ...e.via } } : { callId: e.callId, from: e.from },
                ),
              ),
          ),
          p.on("changed", (s) => out.write(rpcNotification("call.changed", s))),
        ];
        return { userId: welcome.userId, endpointId: welcome.endpointId };
      }
      case "settings.get":
        return await needPeer().getSettings();
      case "settings.set":
        return await needPeer().setSettings(req.params.enabled);
      case "call.place": {
        const profile = req.params.profile;
        // SPEC §7: a profile the adapter does not declare is refused, never silently replaced by another
        if (profile !== undefined && !(opts.profiles ?? REFERENCE_PROFILES).includes(profile)) {
          throw new ShieldCallError(
            "E2EE_BAD_PROFILE",
            `This implementation does not declare the "${profile}" profile`,
          );
        }
        return { callId: await needPeer().place(req.params.to, profile) };
      }
      case "call.answer":
        await needPeer().answer(req.params.callId);
        return {};
      case "call.decline":
        await needPeer().decline(req.params.callId);
        return {};
      case "call.hangup":
        await needPeer().hangup(req.params.callId);
        return {};
      case "call.state":
        return needPeer().state(req.params.callId);
      case "feature.request": {
        const r = await needPeer().requestFeature(req.params.callId, req.params.feature, req.params.args);
        return r.result === undefined ? { ok: true } : { ok: true, result: r.result };
      }
      case "reset":
        // SPEC §7 reset: every call ends (closing the peer hangs up and closes its PeerConnections), the service
        // connection and the configuration go, and with the peer object everything it cached (settings, keys).
        await closePeer();
        // The closed PeerConnections' native parts are freed by V8 finalizers: run them now, with no call live,
        // and wait for the destructors they schedule, rather than have them run in the next case's call
        // (src/driver/_gc.ts).
        await collectAndSettle();
        return {};
      case "shutdown":
        return {};
    }
  };

  if (opts.preconfigure) {
    const cfg = opts.preconfigure;
    configuring = handle({ id: 0, method: "configure", params: cfg }).catch((e) => {
      log(`preconfigure failed: ${errText(e)}`);
      throw e;
    });
  }

  const onLine = async (bytes: Uint8Array | null) => {
    const parsed = bytes === null
      ? {
        ok: false as const,
        response: rpcError(null, RPC_ERRORS.INVALID_REQUEST, `Line is larger than ${MAX_RPC_LINE_BYTES} bytes`, {
          code: "PROTO_TOO_LARGE",
        }),
      }
      : parseRpcRequest(bytes);
    if (!parsed.ok) {
      await out.write(parsed.response);
      return;
    }
    const req = parsed.request;
    const id: RpcId = req.id;
    if (shuttingDown) {
      await out.write(rpcAppError(id, "BAD_STATE", "The adapter is shutting down"));
      return;
    }
    if (req.method === "shutdown") shuttingDown = true;
    try {
      let result: unknown;
      if (req.method === "configure") {
        const run = configuring.catch(() => {}).then(() => handle(req));
        configuring = run;
        result = await run;
      } else {
        if (req.method !== "hello") await configuring.catch(() => {});
        result = await handle(req);
      }
      await out.write(rpcResult(id, result));
    } catch (e) {
      await out.write(errorResponse(id, e, log));
    }
    if (req.method === "shutdown") {
      await closePeer();
      await out.flush();
      exit(0);
    }
  };

  const splitter = new LineSplitter(MAX_RPC_LINE_BYTES);
  const inflight = new Set<Promise<void>>();
  const dispatch = (ev: { kind: "line"; bytes: Uint8Array } | { kind: "oversized" }) => {
    if (ev.kind === "line" && isBlank(ev.bytes)) return;
    const p = onLine(ev.kind === "line" ? ev.bytes : null).catch((e) => log(`request failed: ${errText(e)}`));
    inflight.add(p);
    void p.finally(() => inflight.delete(p));
  };
  const encoder = new TextEncoder();
  for await (const chunk of iterate(opts.input)) {
    for (const ev of splitter.push(typeof chunk === "string" ? encoder.encode(chunk) : chunk)) dispatch(ev);
    if (shuttingDown) break;
  }
  for (const ev of splitter.end()) dispatch(ev);
  await Promise.all([...inflight]);
  if (!shuttingDown) {
    // End of input: the suite went away; leave no call or PeerConnection behind.
    await closePeer();
    await out.flush();
  }
  return 0;
}

/**
 * SPEC §7 error mapping: ShieldCallError → -32000 with data {code}; anything else is a fault of the adapter →
 * -32603 (params were already checked against the method's schema, so a TypeError here is a bug, not bad input).
 */
function errorResponse(id: RpcId, e: unknown, log: (l: string) => void) {
  if (isShieldCallError(e)) return rpcAppError(id, e.code, e.message);
  log(`internal error: ${(e as Error)?.stack ?? String(e)}`);
  return rpcError(id, RPC_ERRORS.INTERNAL_ERROR, `Internal error: ${errText(e)}`, { code: "INTERNAL" });
}

/** Serialised line writer over a Node Writable or a web WritableStream. */
function lineWriter(output: LineOutput, log: (l: string) => void) {
  let chain: Promise<void> = Promise.resolve();
  const encoder = new TextEncoder();
  const writer = "getWriter" in output ? output.getWriter() : undefined;
  const writeText = (text: string): Promise<void> => {
    if (writer) return writer.write(encoder.encode(text));
    const node = output as { write(chunk: string, cb?: (err?: Error | null) => void): unknown };
    return new Promise((resolve) => {
      node.write(text, (err) => {
        if (err) log(`stdout write failed: ${err.message}`);
        resolve();
      });
    });
  };
  return {
    /** Queues one message as a line; resolves when it was handed to the output. */
    write(msg: unknown): Promise<void> {
      const text = rpcLine(msg);
      chain = chain.then(() => writeText(text)).catch((e) => log(`stdout write failed: ${errText(e)}`));
      return chain;
    },
    /** Resolves when every queued line was written. */
    flush(): Promise<void> {
      return chain;
    },
  };
}

/** An async iterable over a Node Readable, a web ReadableStream or an async iterable. */
async function* iterate(input: LineInput): AsyncGenerator<Uint8Array | string> {
  if (typeof (input as ReadableStream<Uint8Array>).getReader === "function") {
    const reader = (input as ReadableStream<Uint8Array>).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        if (value) yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  yield* input as AsyncIterable<Uint8Array | string>;
}

function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b !== 32 && b !== 9 && b !== 13) return false;
  return true;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`Timed out after ${ms} ms`)), ms);
    p.then((v) => {
      clearTimeout(t);
      resolve(v);
    }, (e) => {
      clearTimeout(t);
      reject(e);
    });
  });
}

function errText(e: unknown): string {
  return (e as Error)?.message ?? String(e);
}
