/**
 * The reference peer's signaling connection (SPEC §6): one WebSocket (`ws` package), the `auth` handshake, requests
 * with a `rid` that resolve with their reply or reject with a ShieldCallError carrying the service's code, and a
 * stream of every other validated service message.
 */
import WebSocket from "ws";
import { isErrorCode, ShieldCallError } from "../errors.ts";
import { parseServerMessage, SIGNALING_PROTOCOL_VERSION } from "../protocol/mod.ts";
import type { ClientMessage, ServerMessage } from "../protocol/mod.ts";

type WelcomeMessage = Extract<ServerMessage, { type: "welcome" }>;
/** What a `rid` request resolves with: the reply message. */
type Reply = Extract<ServerMessage, { rid?: string }>;
/** A client message without its `rid` (the client adds it). */
type WithoutRid<T> = T extends unknown ? Omit<T, "rid"> : never;
/** Client messages that carry a `rid` and expect a reply. */
export type RidRequest = WithoutRid<Extract<ClientMessage, { rid: string }>>;

/** Options of a SignalingClient. */
export interface SignalingClientOptions {
  /** ws://host:port/signal */
  url: string;
  /** Upper bound on any request (and on connect + auth), in ms (default 10000). */
  requestTimeoutMs?: number;
  /** Diagnostic log (never stdout). */
  log?: (line: string) => void;
  /** SPEC §6 (S2): admits one service frame (default: parseServerMessage); the peer passes its strategy. */
  intake?: (frame: string | Uint8Array) => ReturnType<typeof parseServerMessage>;
  /**
   * SPEC §6: a request the client answers itself instead of sending it (default: none; the peer passes its strategy).
   * Returns the reply, or undefined to send the request.
   */
  answerLocally?: (msg: RidRequest, welcome: WelcomeMessage | undefined) => Reply | undefined;
}

/** Auth fields (SPEC §6 `auth`). */
export interface AuthFields {
  token: string;
  device?: string;
  e2ee: boolean;
  /** SPEC §6 `auth.protocol` (default 3; 1 or 2 only to play an older, not E2EE-capable endpoint in tests). */
  protocol?: 1 | 2 | 3;
}

interface Pending {
  resolve: (m: Reply) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  what: string;
}

/** One authenticated signaling connection. */
export class SignalingClient {
  readonly url: string;
  #timeoutMs: number;
  #log: (line: string) => void;
  #ws: WebSocket | undefined;
  #pending = new Map<string, Pending>();
  #nextRid = 1;
  #onMessage: (m: ServerMessage) => void = () => {};
  #onClose: (reason: string) => void = () => {};
  #closed = false;
  #intake: NonNullable<SignalingClientOptions["intake"]>;
  #answerLocally: NonNullable<SignalingClientOptions["answerLocally"]>;
  #welcome: WelcomeMessage | undefined;

  /** Creates an unconnected client. */
  constructor(opts: SignalingClientOptions) {
    this.url = opts.url;
    this.#timeoutMs = opts.requestTimeoutMs ?? 10000;
    this.#log = opts.log ?? (() => {});
    this.#intake = opts.intake ?? parseServerMessage;
    this.#answerLocally = opts.answerLocally ?? (() => undefined);
  }

  /** Sets the handler for every service message that is not a reply to a request. */
  onMessage(fn: (m: ServerMessage) => void): void {
    this.#onMessage = fn;
  }

  /** Sets the handler called once when the connection closes after connect() succeeded. */
  onClose(fn: (reason: string) => void): void {
    this.#onClose = fn;
  }

  /** True while the socket is open. */
  get open(): boolean {
    return !this.#closed && this.#ws?.readyState === WebSocket.OPEN;
  }

  /**
   * Opens the socket, sends `auth` and resolves with `welcome`.
   * @throws ShieldCallError with the service's code (e.g. AUTH_FAILED) or INTERNAL on a network failure or timeout
   */
  connect(auth: AuthFields): Promise<WelcomeMessage> {
    if (this.#ws) throw new TypeError("SignalingClient.connect() was already called");
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (err: Error | null, welcome?: WelcomeMessage) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) {
          this.#shutdown("connect failed");
          reject(err);
        } else resolve(welcome!);
      };
      const timer = setTimeout(
        () => finish(new ShieldCallError("INTERNAL", `No welcome from "${this.url}" within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
      let ws: WebSocket;
      try {
        ws = new WebSocket(this.url);
      } catch (e) {
        finish(new ShieldCallError("INTERNAL", `Cannot open "${this.url}": ${(e as Error).message}`));
        return;
      }
      this.#ws = ws;
      ws.on("open", () => {
        // SPEC §6: auth is the first message on the connection.
        // SPEC §6: protocol 3 (this release); only a test plays an older endpoint (1 or 2, not E2EE-capable).
        const msg: ClientMessage = {
          type: "auth",
          token: auth.token,
          protocol: auth.protocol ?? SIGNALING_PROTOCOL_VERSION,
          capabilities: { e2ee: auth.e2ee },
        };
        if (auth.device !== undefined) msg.device = auth.device;
        this.#sendRaw(msg);
      });
      ws.on("message", (data: WebSocket.RawData, isBinary: boolean) => {
        if (isBinary) return this.#log("signaling: ignored a binary frame");
        // SPEC §6: the parser sees the frame's bytes as sent (a BOM is not stripped: PROTO_PARSE).
        const parsed = this.#intake(typeof data === "string" ? data : toBytes(data));
        if (!parsed.ok) {
          return this.#log(`signaling: ignored an invalid message: ${parsed.error.code}: ${parsed.error.message}`);
        }
        const m = parsed.msg;
        if (!settled) {
          if (m.type === "welcome") return finish(null, this.#welcome = m);
          if (m.type === "error") return finish(new ShieldCallError(codeOf(m.code), m.message));
          return this.#log(`signaling: ignored "${m.type}" before welcome`);
        }
        this.#dispatch(m);
      });
      ws.on("error", (e: Error) => {
        this.#log(`signaling: socket error: ${e.message}`);
        finish(new ShieldCallError("INTERNAL", `Signaling connection to "${this.url}" failed: ${e.message}`));
      });
      ws.on("close", (code: number) => {
        const wasOpen = settled && !this.#closed;
        finish(new ShieldCallError("AUTH_FAILED", `Signaling connection closed before welcome: code ${code}`));
        this.#shutdown(`socket closed (${code})`);
        if (wasOpen) this.#onClose(`socket closed (${code})`);
      });
    });
  }

  /** Sends a message that expects no reply. Returns false when the socket is not open. */
  send(msg: ClientMessage): boolean {
    if (!this.open) {
      this.#log(`signaling: dropped "${msg.type}": socket not open`);
      return false;
    }
    this.#sendRaw(msg);
    return true;
  }

  /**
   * Sends a request with a fresh `rid` and resolves with the reply carrying it.
   * @throws ShieldCallError with the code of an `error` reply, or INTERNAL on timeout or a closed socket
   */
  request(msg: RidRequest): Promise<Reply> {
    if (!this.open) {
      return Promise.reject(new ShieldCallError("INTERNAL", `Cannot send "${msg.type}": signaling is not connected`));
    }
    const local = this.#answerLocally(msg, this.#welcome);
    if (local !== undefined) return Promise.resolve(local);
    const rid = `r${this.#nextRid++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(rid);
        reject(new ShieldCallError("INTERNAL", `No reply to "${msg.type}" within ${this.#timeoutMs} ms`));
      }, this.#timeoutMs);
      this.#pending.set(rid, { resolve, reject, timer, what: msg.type });
      this.#sendRaw({ ...msg, rid } as ClientMessage);
    });
  }

  /** Closes the socket and rejects every pending request. Idempotent. */
  async close(): Promise<void> {
    const ws = this.#ws;
    this.#shutdown("closed by the peer");
    if (!ws || ws.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        ws.terminate();
        resolve();
      }, 1000);
      ws.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000);
    });
  }

  #sendRaw(msg: ClientMessage): void {
    try {
      this.#ws!.send(JSON.stringify(msg));
    } catch (e) {
      this.#log(`signaling: send failed: ${(e as Error).message}`);
    }
  }

  #dispatch(m: ServerMessage): void {
    const rid = "rid" in m ? m.rid : undefined;
    if (rid !== undefined && this.#pending.has(rid)) {
      const p = this.#pending.get(rid)!;
      this.#pending.delete(rid);
      clearTimeout(p.timer);
      if (m.type === "error") p.reject(new ShieldCallError(codeOf(m.code), m.message));
      else p.resolve(m as Reply);
      return;
    }
    try {
      this.#onMessage(m);
    } catch (e) {
      this.#log(`signaling: handler failed on "${m.type}": ${(e as Error)?.stack ?? e}`);
    }
  }

  #shutdown(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const [rid, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new ShieldCallError("INTERNAL", `Request "${p.what}" (${rid}) abandoned: ${reason}`));
    }
    this.#pending.clear();
  }
}

/** The service's code when it is one we know, else INTERNAL. */
function codeOf(code: string): ShieldCallError["code"] {
  return isErrorCode(code) ? code : "INTERNAL";
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) {
    const total = data.reduce((n, b) => n + b.byteLength, 0);
    const out = new Uint8Array(total);
    let off = 0;
    for (const b of data) {
      out.set(b, off);
      off += b.byteLength;
    }
    return out;
  }
  return data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
