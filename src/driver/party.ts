/**
 * A typed, suite-side handle on one adapter process playing one user (SPEC §7): the methods of the driver protocol
 * plus waits on notifications. Used by the conformance harness and the `call` demo.
 */
import { ShieldCallError } from "../errors.ts";
import type { CallState, MediaProfile } from "../protocol/mod.ts";
import { DriverClient } from "./client.ts";

/** The `hello` result. */
export interface Hello {
  name: string;
  version: string;
  protocol: number;
  methods: string[];
  features: string[];
  /** SPEC §7: the media profiles the implementation declares; absent means ["dtls-srtp"] (declaredProfiles()). */
  profiles?: MediaProfile[];
}

/** How often until() asks for the call's state when no call.changed arrives, in ms. */
export const UNTIL_POLL_MS = 100;

/** One adapter process configured as one user. */
export class Party {
  readonly client: DriverClient;
  readonly label: string;
  readonly command: string[];
  hello: Hello | null = null;
  userId: string | null = null;
  readonly #incoming: { callId: string; from: string }[] = [];

  readonly #off: () => void;

  /**
   * Starts the adapter (or adopts `opts.client`, an adapter process that is already running, e.g. one the suite
   * reset for reuse: SPEC §7 `reset`); call `start()` next.
   */
  constructor(
    label: string,
    command: string[],
    opts: { timeoutMs?: number; env?: Record<string, string>; client?: DriverClient } = {},
  ) {
    this.label = label;
    this.command = command;
    this.client = opts.client ?? new DriverClient(command, opts);
    if (opts.client && opts.timeoutMs !== undefined) this.client.timeoutMs = opts.timeoutMs;
    this.#off = this.client.onNotification((m, p) => {
      if (m === "call.incoming") this.#incoming.push(p as { callId: string; from: string });
    });
  }

  /** Whether the adapter's `hello` listed `reset` (SPEC §7), so the suite may reuse it for another case. */
  get resettable(): boolean {
    return this.hello?.methods.includes("reset") ?? false;
  }

  /** `configure` again, as another user (or the same one), on the running adapter. */
  async configure(
    cfg: { serviceUrl: string; user: string; token: string; device?: string; protocol?: 2 | 3 },
  ): Promise<void> {
    await this.client.request("configure", cfg);
    this.userId = cfg.user;
  }

  /** `reset` (SPEC §7): the adapter ends every call and forgets its configuration; this handle stops listening. */
  async reset(timeoutMs?: number): Promise<void> {
    await this.client.request("reset", {}, timeoutMs);
    this.userId = null;
    this.#incoming.length = 0;
  }

  /** Stops listening to the adapter's notifications (the process keeps running; see reset()). */
  detach(): void {
    this.#off();
  }

  /** `hello`, then `configure` as `user`. */
  async start(
    cfg: { serviceUrl: string; user: string; token: string; device?: string; protocol?: 2 | 3 },
  ): Promise<void> {
    this.hello = await this.client.request<Hello>("hello", { protocol: 1 });
    await this.client.request("configure", cfg);
    this.userId = cfg.user;
  }

  /** `settings.get`. */
  settings(): Promise<{ visible: boolean; enabled: boolean }> {
    return this.client.request("settings.get", {});
  }

  /** `settings.set`. */
  setSettings(enabled: boolean): Promise<{ visible: boolean; enabled: boolean }> {
    return this.client.request("settings.set", { enabled });
  }

  /** `call.place` → call id. */
  async place(to: string, profile?: MediaProfile): Promise<string> {
    // SPEC §7, §13.10: `profile` asks for that profile first (sframe); absent, the implementation's default
    const r = await this.client.request<{ callId: string }>("call.place", profile ? { to, profile } : { to });
    return r.callId;
  }

  /** Resolves with the next incoming call (already seen or future). */
  async incoming(timeoutMs = 10_000): Promise<{ callId: string; from: string }> {
    const seen = this.#incoming.shift();
    if (seen) return seen;
    const p = await this.client.waitFor<{ callId: string; from: string }>("call.incoming", () => true, timeoutMs);
    const i = this.#incoming.findIndex((x) => x.callId === p.callId);
    if (i >= 0) this.#incoming.splice(i, 1);
    return p;
  }

  /** `call.answer`. */
  answer(callId: string): Promise<unknown> {
    return this.client.request("call.answer", { callId });
  }

  /** `call.decline`. */
  decline(callId: string): Promise<unknown> {
    return this.client.request("call.decline", { callId });
  }

  /** `call.hangup`. */
  hangup(callId: string): Promise<unknown> {
    return this.client.request("call.hangup", { callId });
  }

  /** `call.state`. */
  state(callId: string): Promise<CallState> {
    return this.client.request<CallState>("call.state", { callId });
  }

  /** `feature.request`. */
  feature(callId: string, feature: string, args?: Record<string, unknown>): Promise<{ ok: true; result?: unknown }> {
    return this.client.request("feature.request", { callId, feature, ...(args ? { args } : {}) });
  }

  /**
   * Polls `call.state` (and wakes on `call.changed`) until `pred` holds; resolves with that state. Rejects with the
   * last state seen when `timeoutMs` passes.
   */
  async until(
    callId: string,
    pred: (s: CallState) => boolean,
    timeoutMs = 15_000,
    what = "condition",
  ): Promise<CallState> {
    const deadline = Date.now() + timeoutMs;
    let last: CallState | null = null;
    while (Date.now() < deadline) {
      last = await this.state(callId);
      if (pred(last)) return last;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, UNTIL_POLL_MS); // media counters change without a call.changed
        const off = this.client.onNotification((m, p) => {
          if (m === "call.changed" && (p as CallState).callId === callId) {
            clearTimeout(t);
            off();
            resolve();
          }
        });
        setTimeout(off, UNTIL_POLL_MS + 50);
      });
    }
    // The adapter kept answering; the state never came: an observation (expected vs actual), not a harness timeout.
    throw new ShieldCallError("INTERNAL", `${this.label}: timed out after ${timeoutMs} ms waiting for ${what}`, {
      last,
      waitingFor: what,
    });
  }

  /** Shuts the adapter down (kills it if it does not exit). */
  stop(): Promise<void> {
    return this.client.stop();
  }
}

/** True once the call is connected or ended. */
export const settled = (s: CallState) => s.state === "connected" || s.state === "ended";
