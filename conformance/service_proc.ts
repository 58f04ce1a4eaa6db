/**
 * The service under the harness runs in its own process (`shieldcall serve --port 0`), so a crash in its media
 * processor (node-webrtc) can never take the runner down; the harness reaches it by signaling URL and admin API.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { GROUP_SPAWN, killGroup, selfCommand, trackChild, untrackChild } from "../src/driver/mod.ts";
import { AdminClient } from "../src/service/mod.ts";

/** A running service child process. */
export interface ServiceProcess {
  signalUrl: string;
  adminUrl: string;
  admin: AdminClient;
  pid: number | undefined;
  /** Text the service wrote to stderr (its log). */
  log(): string;
  alive(): boolean;
  stop(): Promise<void>;
}

/** Starts `shieldcall serve` on a free port; resolves once it printed its URLs. */
export async function startServiceProcess(
  opts: {
    ringTimeoutS?: number;
    timeoutMs?: number;
    runtimeFlags?: string[];
    processorWorkers?: number;
    /** SPEC §2.5 S3: the admission limits (0 = none, the default); only bench/load.ts sets them. */
    capacity?: { standard: number; e2ee: number };
  } = {},
): Promise<ServiceProcess> {
  const token = `adm-${crypto.getRandomValues(new Uint32Array(2)).join("")}`;
  // runtimeFlags go right after the runtime (e.g. `--cpu-prof` for bench/load.ts profiling the service).
  const [runtime, ...rest] = selfCommand();
  const argv = [
    runtime!,
    ...(opts.runtimeFlags ?? []),
    ...rest,
    "serve",
    "--port",
    "0",
    "--admin-token",
    token,
    "--ring-timeout",
    String(opts.ringTimeoutS ?? 8),
    "--exit-with-stdin",
    // SPEC §2.5 S3: no admission limit unless asked; the suite's --jobs bounds its calls, and a SERVICE_BUSY refusal
    // would be blamed on the implementation under test.
    "--max-calls",
    String(opts.capacity?.standard ?? 0),
    "--max-e2ee-calls",
    String(opts.capacity?.e2ee ?? 0),
  ];
  // SPEC §4.4 MP11: the harness's service runs its media processor in worker processes as `serve` does (one per core,
  // or SHIELDCALL_PROCESSOR_WORKERS), so a node-webrtc crash in the processor ends only the calls of that worker
  // (media-failed) instead of the service and every later case, and standard calls use both cores.
  if (opts.processorWorkers !== undefined) argv.push("--processor-workers", String(opts.processorWorkers));
  // Own process group, registered: an interrupted run reaps the service and any worker it started (children.ts).
  // Its stdin is a pipe from this process: if this process dies, however it dies, the service stops
  // (--exit-with-stdin).
  const child: ChildProcess = spawn(argv[0]!, argv.slice(1), { stdio: ["pipe", "pipe", "pipe"], ...GROUP_SPAWN });
  child.stdin!.on("error", () => {});
  trackChild(child.pid, "service");
  let out = "";
  let err = "";
  let exited = false;
  child.on("exit", () => {
    exited = true;
    untrackChild(child.pid);
    killGroup(child.pid, "SIGKILL", true);
  });
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (d: string) => {
    if (err.length < 2_000_000) err += d;
  });
  child.stdout!.setEncoding("utf8");
  const urls = await new Promise<{ signal: string; admin: string }>((resolve, reject) => {
    const t = setTimeout(() => {
      killGroup(child.pid);
      reject(new Error(`Service did not start within ${opts.timeoutMs ?? 20_000} ms: ${err.slice(-1000)}`));
    }, opts.timeoutMs ?? 20_000);
    child.stdout!.on("data", (d: string) => {
      out += d;
      const s = /signaling:\s+(\S+)/.exec(out);
      const a = /admin:\s+(\S+)/.exec(out);
      if (s && a) {
        clearTimeout(t);
        resolve({ signal: s[1]!, admin: a[1]! });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(t);
      reject(new Error(`Service exited during start (code ${code}): ${err.slice(-1000)}`));
    });
  });
  return {
    signalUrl: urls.signal,
    adminUrl: urls.admin,
    admin: new AdminClient(urls.admin, token),
    pid: child.pid,
    log: () => err,
    alive: () => !exited,
    async stop() {
      if (exited) return;
      const done = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const t = setTimeout(() => killGroup(child.pid), 5000);
      await done;
      clearTimeout(t);
    },
  };
}
