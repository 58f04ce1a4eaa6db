/**
 * The service's operator log (`shieldcall serve`): one line per sign-in, call start, call end, refusal and error, each
 * `<ISO time> <event> key=value…`, so an operator can follow the service with `tail -f` or grep. `quiet` keeps only
 * errors. Values with spaces are quoted; tokens never appear (SPEC §10: credentials are not evidence).
 */
import type { CallRecord } from "./calls.ts";

/** Something the service did that an operator wants to see. */
export type ServiceEvent =
  | { type: "sign-in"; user: string; endpoint: string; device: string }
  | { type: "call-start"; callId: string; from: string; to: string; e2ee: boolean }
  | { type: "call-end"; callId: string; reason: string; code: string | null; seconds: number; topology: string | null }
  | { type: "refused"; code: string; message: string; request: string | null; user: string | null }
  | { type: "error"; message: string };

/** The event of a request the service refused with `err` (SPEC §2.5 S2: a stable code). */
export function refusal(
  err: { code: string; message: string },
  request: string | null,
  user: string | null,
): ServiceEvent {
  return { type: "refused", code: err.code, message: err.message, request, user };
}

/** `key=value`, quoting a value that is empty or has spaces, quotes or `=`. */
function kv(key: string, value: string | number | boolean | null): string {
  const v = value === null ? "-" : String(value);
  return `${key}=${v === "" || /[\s"=]/.test(v) ? JSON.stringify(v) : v}`;
}

/** One log line for an event (no trailing newline). */
export function formatEvent(e: ServiceEvent, now: Date = new Date()): string {
  const at = now.toISOString();
  switch (e.type) {
    case "sign-in":
      return `${at} sign-in ${kv("user", e.user)} ${kv("endpoint", e.endpoint)} ${kv("device", e.device)}`;
    case "call-start":
      return `${at} call-start ${kv("call", e.callId)} ${kv("from", e.from)} ${kv("to", e.to)} ${kv("e2ee", e.e2ee)}`;
    case "call-end":
      return `${at} call-end ${kv("call", e.callId)} ${kv("reason", e.reason)} ${kv("code", e.code)} ` +
        `${kv("topology", e.topology)} ${kv("seconds", e.seconds)}`;
    case "refused":
      return `${at} refused ${kv("code", e.code)} ${kv("request", e.request)} ${kv("user", e.user)} ` +
        kv("message", e.message.slice(0, 200));
    case "error":
      return `${at} error ${kv("message", e.message.split("\n")[0]!.slice(0, 500))}`;
  }
}

/** The call-log entries (src/service/calls.ts) that are operator events: the invite and the end. */
export function callEvent(call: CallRecord, event: string, detail?: Record<string, unknown>): ServiceEvent | null {
  if (event === "invite") {
    return {
      type: "call-start",
      callId: call.id,
      from: call.caller.userId,
      to: call.callee.userId,
      e2ee: call.e2ee.commit !== null && call.e2ee.eligible,
    };
  }
  if (event === "ended") {
    const seconds = Math.round(((call.endedAt ?? Date.now()) - call.createdAt) / 100) / 10;
    const code = detail?.code;
    return {
      type: "call-end",
      callId: call.id,
      reason: call.endReason ?? "ended",
      code: typeof code === "string" ? code : null,
      seconds,
      topology: call.topology,
    };
  }
  return null;
}

/** Writes formatted events; under `quiet` only errors. */
export class ServiceLog {
  readonly #write: (line: string) => void;
  readonly #quiet: boolean;
  constructor(write: (line: string) => void, opts: { quiet?: boolean } = {}) {
    this.#write = write;
    this.#quiet = opts.quiet ?? false;
  }

  /** Logs one event (never throws: a failing sink must not break the service). */
  event(e: ServiceEvent): void {
    if (this.#quiet && e.type !== "error") return;
    try {
      this.#write(formatEvent(e));
    } catch {
      // ignore
    }
  }

  /** A free-text diagnostic of the service (its `log` option) as an error line. */
  text(line: string): void {
    this.event({ type: "error", message: line });
  }
}
