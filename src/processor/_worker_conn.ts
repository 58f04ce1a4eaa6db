/**
 * One media processor worker process as a ProcessorPool sees it (SPEC §4.4 MP11): spawning it, the request/reply
 * bookkeeping of the line protocol (_wire.ts), and its shutdown.
 */
import { type ChildProcess, spawn } from "node:child_process";
import process from "node:process";
import { createInterface } from "node:readline";
import { ShieldCallError } from "../errors.ts";
import { selfCommand } from "../runtime/self.ts";
import { errorFromWire, RELAY_PREFIXES } from "./_wire.ts";
import { eventCheck, replyCheck } from "./_worker_protocol.ts";
import type { ReplyOf, Request, WorkerEvent } from "./_worker_protocol.ts";
import type { WorkerChannel } from "./remote.ts";

/** argv of `shieldcall processor-worker` with the runtime this process runs on. */
export function workerCommand(): string[] {
  return [...selfCommand(), "processor-worker"];
}

type Pending = { resolve(v: unknown): void; reject(e: unknown): void };

/** One worker process and its pipe. */
export class WorkerConn implements WorkerChannel {
  readonly index: number;
  readonly child: ChildProcess;
  readonly #pending = new Map<number, Pending>();
  readonly #onEvent: (w: WorkerConn, m: WorkerEvent) => void;
  readonly #onRelay: (w: WorkerConn, kind: "frame" | "send", link: number, line: string) => void;
  readonly #logError: (message: string) => void;
  #seq = 0;
  dead: string | null = null;
  readonly startedAt = Date.now();
  legs = 0;
  totals = { audioFramesIn: 0, videoFramesIn: 0 };
  readonly exited: Promise<void>;

  constructor(index: number, argv: string[], init: Omit<Extract<Request, { op: "init" }>, "op">, hooks: {
    onEvent(w: WorkerConn, m: WorkerEvent): void;
    onRelay(w: WorkerConn, kind: "frame" | "send", link: number, line: string): void;
    onExit(w: WorkerConn, reason: string): void;
    logError(message: string): void;
  }) {
    this.index = index;
    this.#onEvent = hooks.onEvent;
    this.#onRelay = hooks.onRelay;
    this.#logError = hooks.logError;
    this.child = spawn(argv[0]!, argv.slice(1), {
      stdio: ["pipe", "pipe", "inherit"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    this.child.stdin!.on("error", () => {}); // a dead worker's pipe: its exit is handled below
    const rl = createInterface({ input: this.child.stdout!, crlfDelay: Infinity });
    rl.on("line", (line) => this.#line(line));
    this.exited = new Promise((resolve) => {
      let done = false;
      const end = (reason: string) => {
        if (done) return;
        done = true;
        this.dead = reason;
        const err = new ShieldCallError("INTERNAL", `Media processor worker ${index} exited: ${reason}`);
        for (const p of this.#pending.values()) p.reject(err);
        this.#pending.clear();
        hooks.onExit(this, reason);
        resolve();
      };
      this.child.once("error", (e) => end(`cannot start it: ${e.message}`));
      this.child.once("exit", (code, signal) => end(signal ? `signal ${signal}` : `exit code ${code}`));
    });
    this.#write({ op: "init", ...init });
  }

  #line(line: string): void {
    if (!line.startsWith("{")) return;
    // Media between workers: relayed by link id without parsing the frame (_wire.ts).
    for (const kind of ["frame", "send"] as const) {
      const [from] = RELAY_PREFIXES[kind];
      if (!line.startsWith(from)) continue;
      const link = parseInt(line.slice(from.length, from.length + 16), 10);
      return this.#onRelay(this, kind, link, line);
    }
    let m: unknown;
    try {
      m = JSON.parse(line);
    } catch {
      return this.#logError(`processor worker ${this.index}: a line that is not JSON: ${line.slice(0, 80)}`);
    }
    if (replyCheck.Check(m)) {
      const p = this.#pending.get(m.re);
      this.#pending.delete(m.re);
      if (!p) return;
      if (m.ok) p.resolve(m.value);
      else p.reject(errorFromWire(m.error ?? { name: "Error", message: "Processor worker failed" }));
      return;
    }
    if (eventCheck.Check(m)) return this.#onEvent(this, m);
    this.#logError(`processor worker ${this.index}: a line that is no reply or event: ${line.slice(0, 80)}`);
  }

  #write(obj: { op: string; id?: number }): void {
    if (this.dead !== null || !this.child.stdin!.writable) return;
    this.child.stdin!.write(`${JSON.stringify(obj)}\n`);
  }

  /** A media line relayed from another worker: `line` with its first key renamed (RELAY_PREFIXES). */
  relay(kind: "frame" | "send", line: string): void {
    if (this.dead !== null || !this.child.stdin!.writable) return;
    const [from, to] = RELAY_PREFIXES[kind];
    this.child.stdin!.write(`${to}${line.slice(from.length)}\n`);
  }

  request<R extends Request>(req: R): Promise<ReplyOf<R>> {
    if (this.dead !== null) {
      return Promise.reject(
        new ShieldCallError("INTERNAL", `Media processor worker ${this.index} exited: ${this.dead}`),
      );
    }
    const id = ++this.#seq;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#write({ ...req, id });
    });
  }

  post(req: Request): void {
    this.request(req).catch((e) => this.#logError(`${req.op} ${"m" in req ? req.m : ""}: ${String(e)}`));
  }

  /** Asks the worker to close everything, then closes its stdin (it exits); SIGKILL after `ms`. */
  async shutdown(ms: number): Promise<void> {
    if (this.dead === null) {
      let t: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([this.request({ op: "close" }).catch(() => {}), new Promise((r) => (t = setTimeout(r, ms)))]);
      clearTimeout(t);
      this.child.stdin!.end();
    }
    const t = setTimeout(() => this.child.kill("SIGKILL"), ms);
    await this.exited;
    clearTimeout(t);
  }
}
