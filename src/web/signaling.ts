/**
 * The web client's signaling connection (SPEC §6): one browser WebSocket, `auth` → `welcome` with protocol 3 (the
 * only version this client speaks), requests matched to replies by `rid`, every received frame parsed against the §6
 * schemas (a frame that fails is not a message and is ignored whole, SPEC §5.1).
 */
import { type ClientMessage, parseServerMessage, type ServerMessage } from "../protocol/mod.ts";

/** An error with a stable SPEC §9 code, as the adapter reports it. */
export class WebError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** What `welcome` told us. */
export interface Welcome {
  userId: string;
  tenantId: string;
  endpointId: string;
  settings: { visible: boolean; enabled: boolean };
}

const REQUEST_MS = 30_000;

/** One signaling connection; `onMessage` gets every valid message that is not a reply to a request. */
export class Signaling {
  #ws: WebSocket | null = null;
  #rid = 0;
  #pending = new Map<string, { resolve: (m: ServerMessage) => void; reject: (e: Error) => void }>();

  constructor(
    readonly opts: { serviceUrl: string; token: string; device?: string },
    readonly onMessage: (m: ServerMessage) => void,
    readonly onClose: () => void,
    readonly log: (l: string) => void,
  ) {}

  /**
   * SPEC §6 `auth` → `welcome`, with signaling protocol 3 (SPEC §5; versions 1 and 2 are dropped).
   * @throws WebError AUTH_FAILED, PROTO_INVALID (a service that does not know 3), INTERNAL
   */
  async connect(): Promise<Welcome> {
    return await this.#connect(3);
  }

  async #connect(protocol: 3): Promise<Welcome> {
    this.#ws?.close();
    const ws = (this.#ws = new WebSocket(this.opts.serviceUrl));
    const welcome = await new Promise<Welcome>((resolve, reject) => {
      const fail = (code: string, msg: string) => reject(new WebError(code, msg));
      ws.onopen = () => {
        const auth = {
          type: "auth",
          token: this.opts.token,
          protocol,
          capabilities: { e2ee: true },
        } as unknown as ClientMessage;
        if (this.opts.device) (auth as { device?: string }).device = this.opts.device;
        ws.send(JSON.stringify(auth));
      };
      ws.onerror = () => fail("INTERNAL", `Cannot connect to "${this.opts.serviceUrl}"`);
      const failAndClose = (code: string, msg: string) => {
        ws.onclose = null;
        ws.close();
        fail(code, msg);
      };
      ws.onclose = () => fail("AUTH_FAILED", "The service closed the connection");
      ws.onmessage = (ev) => {
        const p = parseServerMessage(String(ev.data));
        if (!p.ok) return;
        if (p.msg.type === "welcome") resolve(p.msg as Welcome);
        else if (p.msg.type === "error") failAndClose(p.msg.code, p.msg.message);
      };
    });
    ws.onmessage = (ev) => this.#onFrame(String(ev.data));
    ws.onclose = () => {
      for (const p of this.#pending.values()) p.reject(new WebError("INTERNAL", "Signaling connection closed"));
      this.#pending.clear();
      this.onClose();
    };
    ws.onerror = null;
    return welcome;
  }

  /** Sends a message (dropped when the socket is not open). */
  send(m: ClientMessage): void {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify(m));
  }

  /** Sends a request with a fresh `rid`; resolves with the reply, rejects with the `error` reply's code. */
  request(m: Record<string, unknown>): Promise<ServerMessage> {
    const rid = `r${++this.#rid}`;
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.#pending.delete(rid);
        reject(new WebError("INTERNAL", `No reply to "${String(m.type)}" within ${REQUEST_MS} ms`));
      }, REQUEST_MS);
      this.#pending.set(rid, {
        resolve: (r) => (clearTimeout(t), resolve(r)),
        reject: (e) => (clearTimeout(t), reject(e)),
      });
      this.send({ ...m, rid } as ClientMessage);
    });
  }

  close(): void {
    this.#ws?.close();
  }

  #onFrame(text: string): void {
    // SPEC §5.1, §6: a schema-invalid frame from the service is not a message; ignore it whole
    const p = parseServerMessage(text);
    if (!p.ok) return this.log(`ignored an invalid message: ${p.error.code}`);
    const m = p.msg;
    const rid = (m as { rid?: string }).rid;
    if (rid !== undefined && this.#pending.has(rid)) {
      const w = this.#pending.get(rid)!;
      this.#pending.delete(rid);
      if (m.type === "error") w.reject(new WebError(m.code, m.message));
      else w.resolve(m);
      return;
    }
    this.onMessage(m);
  }
}
