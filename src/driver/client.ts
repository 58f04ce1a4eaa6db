/**
 * Suite side of the driver protocol (SPEC §7): starts an adapter process, sends JSON-RPC requests on its stdin,
 * reads responses and notifications from its stdout, captures stderr, and keeps a timestamped transcript
 * (conformance evidence).
 *
 * The suite distrusts the adapter (SPEC §7, suite side): every line read is bounded at 1 MiB, parsed and checked
 * against the §7 schemas (src/protocol). The first violation is an `ADAPTER_PROTOCOL` error naming the method and the
 * JSON path; it fails every pending request and every later one, so a case ends with that error, never a hang.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { ShieldCallError } from "../errors.ts";
import type { ErrorCode } from "../errors.ts";
import {
  isDriverMethod,
  MAX_RPC_LINE_BYTES,
  parseRpcResponse,
  rpcErrorCode,
  validateRpcResult,
} from "../protocol/mod.ts";
import { LineSplitter } from "./_lines.ts";
import { GROUP_SPAWN, killGroup, trackChild, untrackChild } from "./children.ts";

/** One line of the driver transcript. */
export interface TranscriptEntry {
  at: number;
  dir: "->" | "<-";
  line: string;
}

/** A JSON-RPC error the adapter answered, with the stable code from `data.code` when present. */
export class DriverError extends ShieldCallError {
  readonly rpcCode: number;
  constructor(rpcCode: number, code: ErrorCode, message: string) {
    super(code, message, { rpcCode });
    this.name = "DriverError";
    this.rpcCode = rpcCode;
  }
}

/** SPEC §7: the adapter broke the driver protocol; `detail` names the method and the JSON path. */
export class AdapterProtocolError extends ShieldCallError {
  constructor(message: string, detail: { method: string | null; path: string; line?: string }) {
    super("ADAPTER_PROTOCOL", message, detail);
    this.name = "AdapterProtocolError";
  }
}

/** JSON-RPC code of "method not found", which the driver protocol defines as "unsupported" (SPEC §7). */
export const RPC_UNSUPPORTED = -32601;

/** SPEC §7 (suite side): more notifications than this within one second is a flood. */
export const MAX_NOTIFICATIONS_PER_SECOND = 1000;

/** How many ids of timed-out requests are remembered, so a late answer is noted rather than a violation. */
const LATE_IDS_KEPT = 1000;

type Pending = {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
  method: string;
};

const excerpt = (s: string) => (s.length > 200 ? `${s.slice(0, 200)}…` : s);

/** The JSON path an error text from src/protocol starts with ("/e2ee/number must …" → "/e2ee/number"). */
function pathOf(text: string): string {
  const m = /(?:^|: )(\/[^\s]*)/.exec(text);
  return m ? m[1]! : "/";
}

/** A running adapter process. */
export class DriverClient {
  readonly transcript: TranscriptEntry[] = [];
  stderr = "";
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  readonly #late = new Set<number>();
  readonly #listeners = new Set<(method: string, params: unknown) => void>();
  readonly #violationListeners = new Set<(e: AdapterProtocolError) => void>();
  readonly #lines = new LineSplitter(MAX_RPC_LINE_BYTES);
  #violation: AdapterProtocolError | null = null;
  #floodWindow = { start: 0, count: 0 };
  #unlogged = 0;
  #nextId = 1;
  #exited: { code: number | null; signal: string | null } | null = null;
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
  /** Default per-request timeout in ms. */
  timeoutMs: number;

  /** Starts `argv[0]` with the rest as arguments. */
  constructor(argv: string[], opts: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}) {
    if (argv.length === 0) throw new TypeError("Adapter command is empty");
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.#child = spawn(argv[0]!, argv.slice(1), {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, ...(opts.env ?? {}) },
      ...(opts.cwd ? { cwd: opts.cwd } : {}),
      // Own process group, registered: an interrupted run reaps the adapter and whatever it started (children.ts).
      ...GROUP_SPAWN,
    });
    trackChild(this.#child.pid, `adapter ${argv.join(" ").slice(0, 80)}`);
    this.#child.stdout!.on("data", (d: Uint8Array) => {
      for (const ev of this.#lines.push(d)) this.#onEvent(ev);
    });
    this.#child.stdout!.on("end", () => {
      for (const ev of this.#lines.end()) this.#onEvent(ev);
    });
    this.#child.stderr!.setEncoding("utf8");
    this.#child.stderr!.on("data", (d: string) => {
      if (this.stderr.length < 1_000_000) this.stderr += d;
    });
    this.#child.stdin!.on("error", () => {});
    this.exited = new Promise((resolve) => {
      this.#child.on("error", (e) => {
        this.stderr += `\n[spawn error] ${e.message}`;
        this.#exited = { code: null, signal: "spawn-error" };
        this.#failAll(`Adapter could not start: ${e.message}`);
        resolve(this.#exited);
      });
      this.#child.on("exit", (code, signal) => {
        untrackChild(this.#child.pid);
        killGroup(this.#child.pid, "SIGKILL", true); // anything the adapter left running in its group
        this.#exited = { code, signal };
        this.#failAll(`Adapter exited (code ${code}, signal ${signal})`);
        resolve(this.#exited);
      });
    });
  }

  /** Process id of the adapter. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** Whether the adapter has exited, and how. */
  get exitStatus(): { code: number | null; signal: string | null } | null {
    return this.#exited;
  }

  /** The adapter's first driver-protocol violation (SPEC §7), or null. */
  get violation(): AdapterProtocolError | null {
    return this.#violation;
  }

  /** Registers a notification listener; returns a function that removes it. */
  onNotification(f: (method: string, params: unknown) => void): () => void {
    this.#listeners.add(f);
    return () => this.#listeners.delete(f);
  }

  /** Registers a listener for the first protocol violation; returns a function that removes it. */
  onViolation(f: (e: AdapterProtocolError) => void): () => void {
    this.#violationListeners.add(f);
    return () => this.#violationListeners.delete(f);
  }

  /** Sends a raw line (for robustness probes); a line over 1 MiB is refused with PROTO_TOO_LARGE (SPEC §7). */
  sendRaw(line: string): void {
    if (new TextEncoder().encode(line).length > MAX_RPC_LINE_BYTES) {
      throw new ShieldCallError("PROTO_TOO_LARGE", `Line to the adapter is larger than ${MAX_RPC_LINE_BYTES} bytes`);
    }
    this.#log("->", line);
    this.#child.stdin!.write(line + "\n");
  }

  /**
   * Sends a request and resolves with its checked result, or rejects with a DriverError, an ADAPTER_PROTOCOL error or a
   * timeout.
   */
  request<T = unknown>(method: string, params: unknown = {}, timeoutMs = this.timeoutMs): Promise<T> {
    if (this.#violation) return Promise.reject(this.#violation);
    if (this.#exited) {
      return Promise.reject(new ShieldCallError("INTERNAL", `Adapter has exited; cannot call "${method}"`));
    }
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        this.#late.add(id);
        if (this.#late.size > LATE_IDS_KEPT) this.#late.delete(this.#late.values().next().value!);
        reject(
          new ShieldCallError("INTERNAL", `Adapter did not answer "${method}" within ${timeoutMs} ms`, {
            method,
            pending: true,
          }),
        );
      }, timeoutMs);
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer, method });
      try {
        this.sendRaw(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
      } catch (e) {
        clearTimeout(timer);
        this.#pending.delete(id);
        reject(e);
      }
    });
  }

  /** Waits for a notification matching `pred`, or rejects after `timeoutMs` or at the adapter's first violation. */
  waitFor<T = unknown>(method: string, pred: (p: T) => boolean = () => true, timeoutMs = this.timeoutMs): Promise<T> {
    if (this.#violation) return Promise.reject(this.#violation);
    return new Promise<T>((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        off();
        offViolation();
      };
      const off = this.onNotification((m, p) => {
        if (m === method && pred(p as T)) {
          done();
          resolve(p as T);
        }
      });
      const offViolation = this.onViolation((e) => {
        done();
        reject(e);
      });
      const timer = setTimeout(() => {
        done();
        reject(new ShieldCallError("INTERNAL", `No "${method}" notification within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }

  /** Asks the adapter to shut down, then kills it if it has not exited within `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    if (!this.#exited) {
      if (this.#violation) this.kill(); // it broke the protocol: its answer to "shutdown" cannot be trusted either
      else await this.request("shutdown", {}, graceMs).catch(() => {});
      const t = setTimeout(() => killGroup(this.#child.pid), graceMs);
      await this.exited;
      clearTimeout(t);
    }
  }

  /** Kills the adapter at once. */
  kill(): void {
    if (!this.#exited) killGroup(this.#child.pid);
  }

  #log(dir: "->" | "<-", line: string): void {
    if (this.transcript.length < 5000) {
      this.transcript.push({ at: Date.now(), dir, line: line.length > 4000 ? line.slice(0, 4000) + "…" : line });
    } else this.#unlogged++;
  }

  #failAll(why: string): void {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new ShieldCallError("INTERNAL", `${why} before answering "${p.method}"`));
      this.#pending.delete(id);
    }
  }

  /** SPEC §7: the first violation fails every pending request and every later one. */
  #violate(message: string, method: string | null, path: string, line?: string): void {
    if (this.#violation) return;
    const pending = [...this.#pending.values()].map((p) => p.method);
    const e = new AdapterProtocolError(
      pending.length && method === null ? `${message} (pending: ${pending.map((m) => `"${m}"`).join(", ")})` : message,
      { method: method ?? pending[0] ?? null, path, ...(line !== undefined ? { line: excerpt(line) } : {}) },
    );
    this.#violation = e;
    this.stderr += `\n[suite] ${e.message}`;
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(e);
      this.#pending.delete(id);
    }
    for (const f of this.#violationListeners) f(e);
  }

  #onEvent(ev: { kind: "line"; bytes: Uint8Array } | { kind: "oversized" }): void {
    if (ev.kind === "oversized") {
      this.#log("<-", `[a line over ${MAX_RPC_LINE_BYTES} bytes, discarded]`);
      this.#violate(`Adapter sent a line over ${MAX_RPC_LINE_BYTES} bytes`, null, "/");
      return;
    }
    if (ev.bytes.length === 0) return;
    const text = new TextDecoder().decode(ev.bytes);
    if (text.trim() === "") return;
    this.#log("<-", text);
    if (this.#violation) return; // already reported; the rest of the conversation is evidence only
    this.#onLine(text, ev.bytes);
  }

  #onLine(text: string, bytes: Uint8Array): void {
    const parsed = parseRpcResponse(bytes);
    if (!parsed.ok) {
      // SPEC §7: not JSON / not an envelope / unknown or invalid notification / over 1 MiB.
      const notification = /notification "([^"]*)"/.exec(parsed.error.message)?.[1] ?? null;
      this.#violate(
        `Adapter sent an invalid line: ${parsed.error.message}`,
        notification,
        pathOf(parsed.error.message),
        text,
      );
      return;
    }
    if (parsed.kind === "notification") {
      const now = Date.now();
      if (now - this.#floodWindow.start >= 1000) this.#floodWindow = { start: now, count: 0 };
      if (++this.#floodWindow.count > MAX_NOTIFICATIONS_PER_SECOND) {
        this.#violate(
          `Adapter sent more than ${MAX_NOTIFICATIONS_PER_SECOND} notifications within one second`,
          parsed.msg.method,
          "/",
        );
        return;
      }
      for (const f of this.#listeners) f(parsed.msg.method, parsed.msg.params);
      return;
    }
    const id = parsed.msg.id;
    if (id === null) {
      // The answer to a line the adapter could not read (a raw robustness probe): evidence, not a reply.
      return;
    }
    const p = typeof id === "number" ? this.#pending.get(id) : undefined;
    if (!p) {
      if (typeof id === "number" && this.#late.delete(id)) {
        this.stderr += `\n[suite] Late answer to request ${id}, which had timed out`;
        return;
      }
      this.#violate(`Adapter answered id ${JSON.stringify(id)}, which no request is waiting for`, null, "/id", text);
      return;
    }
    this.#pending.delete(id as number);
    clearTimeout(p.timer);
    if (parsed.kind === "error") {
      const err = parsed.msg.error;
      const code = rpcErrorCode(err) ?? (err.code === RPC_UNSUPPORTED ? "DRIVER_UNSUPPORTED" : "INTERNAL");
      p.reject(new DriverError(err.code, code, err.message));
      return;
    }
    if (isDriverMethod(p.method)) {
      const checked = validateRpcResult(p.method, parsed.msg.result);
      if (!checked.ok) {
        // Re-queue nothing: the violation rejects this request (it is no longer pending) through `p` below.
        const msg = `Adapter answered "${p.method}" with an invalid result: ${
          checked.error.message.replace(/^Invalid result for "[^"]*": /, "")
        }`;
        this.#violate(
          msg,
          p.method,
          `/result${pathOf(checked.error.message) === "/" ? "" : pathOf(checked.error.message)}`,
          text,
        );
        p.reject(this.#violation!);
        return;
      }
    }
    p.resolve(parsed.msg.result);
  }
}
