/**
 * The bench side of bench/load's worker processes (bench/_load_peer.ts): fork, request/reply over IPC, stop.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const WORKER = fileURLToPath(new URL("./_load_peer.ts", import.meta.url));

/** One worker process hosting several reference peers. */
export class Worker {
  readonly child: ChildProcess;
  #next = 1;
  #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  #exited = false;

  /** Forks the worker (Node with tsx, plus `nodeFlags`, e.g. --cpu-prof). */
  constructor(readonly index: number, nodeFlags: string[] = []) {
    this.child = fork(WORKER, [], {
      cwd: ROOT,
      execArgv: [...nodeFlags, "--import", "tsx"],
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    this.child.stderr!.resume();
    this.child.on("message", (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
      const p = this.#pending.get(m.id);
      if (!p) return;
      this.#pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(`worker ${this.index}: ${m.error}`));
    });
    this.child.on("exit", (code, signal) => {
      this.#exited = true;
      for (const p of this.#pending.values()) p.reject(new Error(`worker ${this.index} exited (${code ?? signal})`));
      this.#pending.clear();
    });
  }

  /** The worker's pid. */
  get pid(): number {
    return this.child.pid!;
  }

  /** Sends a request and resolves with the worker's result. */
  request<T>(type: string, body: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<T> {
    if (this.#exited) return Promise.reject(new Error(`worker ${this.index} has exited`));
    const id = this.#next++;
    return new Promise<T>((resolve, reject) => {
      const t = setTimeout(() => {
        this.#pending.delete(id);
        reject(new Error(`worker ${this.index}: "${type}" timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      this.#pending.set(id, {
        resolve: (v) => {
          clearTimeout(t);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(t);
          reject(e);
        },
      });
      this.child.send({ id, type, ...body });
    });
  }

  /** Asks the worker to close its peers and exit; kills it if it does not within `ms`. */
  async stop(ms = 8000): Promise<void> {
    if (this.#exited) return;
    const exited = new Promise<void>((r) => this.child.once("exit", () => r()));
    await this.request("close", {}, ms).catch(() => {});
    const t = setTimeout(() => this.child.kill("SIGKILL"), ms);
    await exited;
    clearTimeout(t);
  }
}
