/**
 * The service in its own process for bench/load: `node [nodeFlags] bin/shieldcall.js serve --port 0`, reached by
 * URL and admin API. `nodeFlags` lets a run profile the service (`--cpu-prof --cpu-prof-dir DIR`); it writes its
 * profile when SIGTERM stops it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { AdminClient } from "../src/service/mod.ts";

const BIN = fileURLToPath(new URL("../bin/shieldcall.js", import.meta.url));

/** A running service process. */
export interface BenchService {
  signalUrl: string;
  admin: AdminClient;
  pid: number;
  stop(): Promise<void>;
}

/** Starts the service; resolves once it printed its URLs. */
export async function startBenchService(nodeFlags: string[] = []): Promise<BenchService> {
  const token = `adm-${crypto.getRandomValues(new Uint32Array(2)).join("")}`;
  const child: ChildProcess = spawn(process.execPath, [...nodeFlags, BIN, "serve", "--port", "0", "--admin-token", token, "--ring-timeout", "120"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let exited = false;
  child.on("exit", () => (exited = true));
  let err = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (d: string) => (err = (err + d).slice(-4000)));
  let out = "";
  child.stdout!.setEncoding("utf8");
  const urls = await new Promise<{ signal: string; admin: string }>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`The service did not start within 30 s: ${err.slice(-800)}`)), 30_000);
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
      reject(new Error(`The service exited during start (code ${code}): ${err.slice(-800)}`));
    });
  });
  return {
    signalUrl: urls.signal,
    admin: new AdminClient(urls.admin, token),
    pid: child.pid!,
    async stop() {
      if (exited) return;
      const done = new Promise<void>((r) => child.once("exit", () => r()));
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await done;
      clearTimeout(t);
    },
  };
}
