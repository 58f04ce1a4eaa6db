// deno-lint-ignore-file no-explicit-any -- tests reach into untyped driver replies
/**
 * Test scaffolding for runStdioAdapter (SPEC §7): an in-memory stdin and stdout, a stub peer that records what the
 * adapter asked of it, and start(), an adapter over them with a request() helper.
 */
import { ShieldCallError } from "../../errors.ts";
import type { CallState } from "../../protocol/mod.ts";
import { type DriverPeer, type PeerConfig, runStdioAdapter } from "../stdio_server.ts";

/** An in-memory stdin: push text, end it. */
export function memInput() {
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  const iterable: AsyncIterable<string> = {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        while (queue.length) yield queue.shift()!;
        if (ended) return;
        await new Promise<void>((r) => (wake = r));
      }
    },
  };
  return {
    iterable,
    send(text: string) {
      queue.push(text);
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
  };
}

/** An in-memory stdout collecting lines. */
export function memOutput() {
  const lines: string[] = [];
  let raw = "";
  const waiters: Array<() => void> = [];
  return {
    lines,
    get raw() {
      return raw;
    },
    write(chunk: string, cb?: (err?: Error | null) => void) {
      raw += chunk;
      lines.push(...chunk.split("\n").filter((l) => l !== ""));
      for (const w of waiters.splice(0)) w();
      cb?.();
      return true;
    },
    /** Resolves with the first parsed line matching `pred`. */
    async next(pred: (m: any) => boolean, timeoutMs = 3000): Promise<any> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = lines.map((l) => JSON.parse(l)).find(pred);
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no matching line in: ${lines.join(" | ")}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 50);
        });
      }
    },
  };
}

export const STATE: CallState = {
  callId: "c1",
  role: "caller",
  peer: "bob",
  state: "connected",
  topology: "relay",
  e2ee: { indicator: true, number: "01234567890123456789" },
  features: [],
  endReason: null,
  endCode: null,
  media: {
    audio: { framesReceived: 1, digits: "12", carrier: true },
    video: { framesReceived: 2, decoded: 2, gaps: 0, maxGapMs: 66, latencyMs: 10 },
  },
};

/** A minimal fake peer for framing tests (the real peer is exercised in src/peer and stdio_e2e_test.ts). */
export class StubPeer implements DriverPeer {
  configs: PeerConfig[] = [];
  closed = false;
  calls: string[] = [];
  listeners: Record<string, Array<(e: any) => void>> = { incoming: [], changed: [] };
  constructor(readonly cfg: PeerConfig) {}
  async connect() {
    if (this.cfg.token === "bad") throw new ShieldCallError("AUTH_FAILED", "Authentication failed");
    return { userId: this.cfg.user, endpointId: "ep-1" };
  }
  async getSettings() {
    return { visible: true, enabled: false };
  }
  async setSettings(enabled: boolean) {
    if (enabled) throw new ShieldCallError("POLICY_DISALLOWS", "Policy is disabled");
    return { visible: true, enabled };
  }
  async place(to: string, profile?: string) {
    this.calls.push(profile === undefined ? `place ${to}` : `place ${to} ${profile}`);
    if (to === "nobody") throw new ShieldCallError("USER_NOT_FOUND", 'No user "nobody"');
    if (to === "crash") throw new TypeError("boom");
    return "c1";
  }
  async answer(callId: string) {
    this.calls.push(`answer ${callId}`);
  }
  async decline(callId: string) {
    this.calls.push(`decline ${callId}`);
  }
  async hangup(callId: string) {
    this.calls.push(`hangup ${callId}`);
  }
  state(callId: string): CallState {
    if (callId !== "c1") throw new ShieldCallError("CALL_NOT_FOUND", `No call "${callId}"`);
    return STATE;
  }
  async requestFeature(callId: string, feature: string, args?: Record<string, unknown>) {
    if (feature === "recording") throw new ShieldCallError("FEATURE_DISABLED_E2EE", "E2EE call");
    return { ok: true as const, result: { callId, feature, args: args ?? null } };
  }
  on(event: "incoming" | "changed", fn: (e: any) => void): () => void {
    this.listeners[event]!.push(fn);
    return () => (this.listeners[event] = this.listeners[event]!.filter((f) => f !== fn));
  }
  emit(event: "incoming" | "changed", e: unknown) {
    for (const f of this.listeners[event]!) f(e);
  }
  async close() {
    this.closed = true;
  }
}

export function start(extra: { profiles?: ("dtls-srtp" | "sframe")[] } = {}) {
  const input = memInput();
  const output = memOutput();
  const peers: StubPeer[] = [];
  const exits: number[] = [];
  const logs: string[] = [];
  const done = runStdioAdapter({
    input: input.iterable,
    output,
    peerFactory: (cfg) => {
      const p = new StubPeer(cfg);
      peers.push(p);
      return p;
    },
    exit: (c) => exits.push(c),
    log: (l) => logs.push(l),
    ...extra,
  });
  let id = 0;
  const request = async (method: string, params?: unknown) => {
    const myId = ++id;
    input.send(
      JSON.stringify({ jsonrpc: "2.0", id: myId, method, ...(params === undefined ? {} : { params }) }) + "\n",
    );
    return await output.next((m) => m.id === myId);
  };
  /** Ends stdin and waits for the adapter to finish; resolves with what it returned (its exit code). */
  const close = () => {
    input.end();
    return done;
  };
  return { input, output, peers, exits, logs, done, request, close };
}

export const CONFIG = { serviceUrl: "ws://127.0.0.1:1/signal", user: "alice", token: "t" };
