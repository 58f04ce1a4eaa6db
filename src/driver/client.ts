/**
 * Suite side of the driver protocol (SPEC §7): starts an adapter process, sends JSON-RPC requests on its stdin,
 * reads responses and notifications from its stdout, captures stderr, and keeps a timestamped transcript
 * (conformance evidence).
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { ShieldCallError } from "../errors.ts";
import type { ErrorCode } from "../errors.ts";

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

/** JSON-RPC code of "method not found", which the driver protocol defines as "unsupported" (SPEC §7). */
export const RPC_UNSUPPORTED = -32601;

type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout>; method: string };

/** A running adapter process. */
export class DriverClient {
  readonly transcript: TranscriptEntry[] = [];
  stderr = "";
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Set<(method: string, params: unknown) => void>();
  #buf = "";
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
    });
    this.#child.stdout!.setEncoding("utf8");
    this.#child.stderr!.setEncoding("utf8");
    this.#child.stdout!.on("data", (d: string) => this.#onData(d));
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

  /** Registers a notification listener; returns a function that removes it. */
  onNotification(f: (method: string, params: unknown) => void): () => void {
    this.#listeners.add(f);
    return () => this.#listeners.delete(f);
  }

  /** Sends a raw line (for robustness probes); returns nothing. */
  sendRaw(line: string): void {
    this.#log("->", line);
    this.#child.stdin!.write(line + "\n");
  }

  /** Sends a request and resolves with its result, or rejects with a DriverError (or a timeout). */
  request<T = unknown>(method: string, params: unknown = {}, timeoutMs = this.timeoutMs): Promise<T> {
    if (this.#exited) return Promise.reject(new ShieldCallError("INTERNAL", `Adapter has exited; cannot call "${method}"`));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(new ShieldCallError("INTERNAL", `Adapter did not answer "${method}" within ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer, method });
      this.sendRaw(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    });
  }

  /** Waits for a notification matching `pred`, or rejects after `timeoutMs`. */
  waitFor<T = unknown>(method: string, pred: (p: T) => boolean = () => true, timeoutMs = this.timeoutMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const off = this.onNotification((m, p) => {
        if (m === method && pred(p as T)) {
          clearTimeout(timer);
          off();
          resolve(p as T);
        }
      });
      const timer = setTimeout(() => {
        off();
        reject(new ShieldCallError("INTERNAL", `No "${method}" notification within ${timeoutMs} ms`));
      }, timeoutMs);
    });
  }

  /** Asks the adapter to shut down, then kills it if it has not exited within `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    if (!this.#exited) {
      await this.request("shutdown", {}, graceMs).catch(() => {});
      const t = setTimeout(() => this.#child.kill("SIGKILL"), graceMs);
      await this.exited;
      clearTimeout(t);
    }
  }

  /** Kills the adapter at once. */
  kill(): void {
    if (!this.#exited) this.#child.kill("SIGKILL");
  }

  #log(dir: "->" | "<-", line: string): void {
    if (this.transcript.length < 5000) this.transcript.push({ at: Date.now(), dir, line: line.length > 4000 ? line.slice(0, 4000) + "…" : line });
  }

  #failAll(why: string): void {
    for (const [id, p] of this.#pending) {
      clearTimeout(p.timer);
      p.reject(new ShieldCallError("INTERNAL", `${why} before answering "${p.method}"`));
      this.#pending.delete(id);
    }
  }

  #onData(d: string): void {
    this.#buf += d;
    let i: number;
    while ((i = this.#buf.indexOf("\n")) >= 0) {
      const line = this.#buf.slice(0, i).trim();
      this.#buf = this.#buf.slice(i + 1);
      if (line) this.#onLine(line);
    }
  }

  #onLine(line: string): void {
    this.#log("<-", line);
    let msg: { id?: unknown; method?: unknown; params?: unknown; result?: unknown; error?: { code: number; message: string; data?: { code?: string } } };
    try {
      msg = JSON.parse(line);
    } catch {
      this.stderr += `\n[stdout noise] ${line.slice(0, 200)}`;
      return;
    }
    if (typeof msg.method === "string" && msg.id === undefined) {
      for (const f of this.#listeners) f(msg.method, msg.params);
      return;
    }
    const p = typeof msg.id === "number" ? this.#pending.get(msg.id) : undefined;
    if (!p) return;
    this.#pending.delete(msg.id as number);
    clearTimeout(p.timer);
    if (msg.error) {
      const code = (msg.error.data?.code ?? (msg.error.code === RPC_UNSUPPORTED ? "DRIVER_UNSUPPORTED" : "INTERNAL")) as ErrorCode;
      p.reject(new DriverError(msg.error.code, code, msg.error.message));
    } else {
      p.resolve(msg.result);
    }
  }
}
