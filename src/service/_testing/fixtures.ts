/**
 * Test helpers for the service: a raw signaling client over a real WebSocket and a two-user policy file.
 * Used by tests only.
 */
import WebSocket from "ws";

/** A policy file with tenant "contoso" (global userControlled) and users alice, bob, carol (e2ee as given). */
export function policyFixture(
  e2ee: { alice?: boolean; bob?: boolean; carol?: boolean } = {},
  global = "userControlled",
): unknown {
  const user = (id: string, on: boolean | undefined) => ({
    id,
    policy: null,
    e2ee: on ?? false,
    complianceRecording: false,
    tokens: [`${id}-token`],
  });
  return {
    version: 1,
    tenants: [{
      id: "contoso",
      globalPolicy: global,
      policies: [],
      groups: [],
      users: [user("alice", e2ee.alice), user("bob", e2ee.bob), user("carol", e2ee.carol)],
    }],
  };
}

/** A signaling connection that records every message it receives. */
export class RawClient {
  readonly ws: WebSocket;
  readonly received: Record<string, unknown>[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<number>;
  #waiters: { pred: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];

  constructor(url: string) {
    this.ws = new WebSocket(url);
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("error", reject);
    });
    this.closed = new Promise((resolve) => this.ws.once("close", (code: number) => resolve(code)));
    this.ws.on("message", (d: WebSocket.RawData) => {
      const m = JSON.parse(String(d)) as Record<string, unknown>;
      this.received.push(m);
      this.#waiters = this.#waiters.filter((w) => {
        if (w.pred(m)) {
          w.resolve(m);
          return false;
        }
        return true;
      });
    });
  }

  /** Opens a connection and authenticates with `token`; resolves with the welcome. */
  static async connect(url: string, token: string, device = "d1", e2ee = true, protocol = 3): Promise<RawClient> {
    const c = new RawClient(url);
    await c.opened;
    const welcome = c.next((m) => m.type === "welcome");
    c.send({ type: "auth", token, device, protocol, capabilities: { e2ee } });
    await welcome;
    return c;
  }

  /** Sends an object (or a raw string) as one frame. */
  send(m: object | string): void {
    this.ws.send(typeof m === "string" ? m : JSON.stringify(m));
  }

  /** The next message (already received or future) matching `pred`, within `ms`. */
  next(pred: (m: Record<string, unknown>) => boolean, ms = 5000): Promise<Record<string, unknown>> {
    const seen = this.received.find(pred);
    if (seen) {
      this.received.splice(this.received.indexOf(seen), 1);
      return Promise.resolve(seen);
    }
    return new Promise((resolve, reject) => {
      const t = setTimeout(
        () => reject(new Error(`timeout waiting for message; got ${JSON.stringify(this.received.map((m) => m.type))}`)),
        ms,
      );
      this.#waiters.push({
        pred,
        resolve: (m) => {
          clearTimeout(t);
          this.received.splice(this.received.indexOf(m), 1);
          resolve(m);
        },
      });
    });
  }

  /** The next message of a given type. */
  type(t: string, ms?: number): Promise<Record<string, unknown>> {
    return this.next((m) => m.type === t, ms);
  }

  /** Closes the connection. */
  close(): void {
    this.ws.close();
  }
}

/** A commitment value for tests: 32 bytes in canonical base64url (SPEC §6). */
export const TEST_COMMIT = "q0aVQuMnAOJ6HNKt2HCfX2cPxZbGXC7pJfEuN1Nx3sQ";

/** Raw clients of a test's service: `connect(token)` signs one in, `closeAll()` (in `after`) closes every one. */
export function rawClients(signalUrl: () => string): {
  connect(token: string): Promise<RawClient>;
  closeAll(): void;
} {
  const clients: RawClient[] = [];
  return {
    async connect(token) {
      const c = await RawClient.connect(signalUrl(), token);
      clients.push(c);
      return c;
    },
    closeAll: () => clients.forEach((c) => c.close()),
  };
}

/** A fresh call id in the signaling id format. */
export function newCallId(): string {
  const a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const bytes = crypto.getRandomValues(new Uint8Array(22));
  return Array.from(bytes, (b) => a[b & 63]).join("");
}
