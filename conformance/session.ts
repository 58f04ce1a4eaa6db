/**
 * A call session outside the suite, shared by `shieldcall call`, `shieldcall interop` and the benches: a service (in
 * this process, in its own process as the harness runs it, or a running one by URL), endpoints started as its users
 * (SPEC §7 adapters), and the life of a call between two of them: place and answer, watch both sides, hang up.
 */
import { Party } from "../src/driver/mod.ts";
import type { CallState, MediaProfile } from "../src/protocol/mod.ts";
import { AdminClient, startService } from "../src/service/mod.ts";
import { startServiceProcess } from "./service_proc.ts";

/** Where the session's service runs: in this process, in its own (`shieldcall serve`), or at a URL already. */
export type ServiceSource = "inprocess" | "process" | { url: string; adminToken?: string };

/** What a call needs of an endpoint: a driver-protocol Party, or an in-process ReferencePeer. */
type Endpoint = Pick<Party, "hangup"> & {
  place(to: string, profile?: MediaProfile): Promise<string>;
  state(callId: string): CallState | Promise<CallState>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A service and the adapters started on it; close() stops them all. */
export class CallSession {
  readonly parties: Party[] = [];
  private constructor(
    readonly signalUrl: string,
    readonly admin: AdminClient,
    private readonly stopService: () => Promise<void>,
  ) {}

  /** Starts (or reaches) the service. */
  static async open(source: ServiceSource, opts: { ringTimeoutS?: number } = {}): Promise<CallSession> {
    if (source === "process") {
      const p = await startServiceProcess(opts);
      return new CallSession(p.signalUrl, p.admin, () => p.stop());
    }
    if (source === "inprocess") {
      const s = await startService({ port: 0 });
      return new CallSession(s.signalUrl, new AdminClient(s.adminUrl), () => s.close());
    }
    // SPEC §6 (ws://host:port/signal) and §10 (under /admin): one base for signaling and the admin API.
    const base = source.url.replace(/^ws/, "http").replace(/\/(signal|admin)\/?$/, "");
    const admin = new AdminClient(`${base}/admin`, source.adminToken);
    return new CallSession(`${base.replace(/^http/, "ws")}/signal`, admin, () => Promise.resolve());
  }

  /** An adapter running `command`, signed in as `user` (SPEC §7 `hello`, `configure`); close() stops it. */
  async party(
    label: string,
    command: string[],
    user: string,
    token: string,
    o: { device?: string; timeoutMs?: number } = {},
  ): Promise<Party> {
    const p = new Party(label, command, o.timeoutMs === undefined ? {} : { timeoutMs: o.timeoutMs });
    this.parties.push(p);
    await p.start({ serviceUrl: this.signalUrl, user, token, ...(o.device ? { device: o.device } : {}) });
    return p;
  }

  /** Stops every adapter, then the service (a service at a URL keeps running). Never throws. */
  async close(): Promise<void> {
    await Promise.all(this.parties.map((p) => p.stop().catch(() => {})));
    await this.stopService().catch(() => {});
  }
}

/** Places a call from `from` to user `to` on `callee`; resolves once the callee is rung (and answered, if `answer`). */
export async function ring(
  from: Endpoint,
  callee: Pick<Party, "incoming" | "answer">,
  to: string,
  o: { answer?: boolean; timeoutMs?: number; profile?: MediaProfile } = {},
): Promise<{ callId: string; calleeId: string }> {
  const callId = await from.place(to, o.profile);
  const calleeId = (await callee.incoming(o.timeoutMs ?? 10_000)).callId; // (a ring that came first was kept)
  if (o.answer) await callee.answer(calleeId);
  return { callId, calleeId };
}

/** Polls both sides every `everyMs` until `look` says stop; resolves with the last states. */
export async function watch(
  a: Endpoint,
  aId: string,
  b: Endpoint,
  bId: string,
  look: (as: CallState, bs: CallState) => boolean | Promise<boolean>,
  everyMs = 250,
): Promise<[CallState, CallState]> {
  for (;;) {
    const [as, bs] = await Promise.all([a.state(aId), b.state(bId)]);
    if (await look(as, bs)) return [as, bs];
    await sleep(everyMs);
  }
}

/** Hangs up at `from` and waits (at most `timeoutMs`) until the other side saw the call end. Never throws. */
export async function hangUp(from: Endpoint, callId: string, to: Endpoint, toId: string, timeoutMs = 5000) {
  await from.hangup(callId).catch(() => {});
  for (const end = Date.now() + timeoutMs; Date.now() < end; await sleep(50)) {
    const s = await Promise.resolve().then(() => to.state(toId)).catch(() => null);
    if (s === null || s.state === "ended") return;
  }
}

/** A verification number (SPEC §5.6) as people read it: groups of five digits; "—" when none is shown. */
export const grouped = (n: string | null): string => (n ? n.replace(/(\d{5})(?=\d)/g, "$1 ") : "—");
