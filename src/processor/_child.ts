/**
 * Test helper: runs a TypeScript file as a child process of the same runtime (Node via tsx, or Deno), so
 * node-webrtc's crash on natural exit (NODE-WEBRTC.md) stays out of the test runner. Resolves with the JSON
 * after the child's `RESULT ` line; rejects with the child's stderr when it fails or times out.
 */
import { spawn } from "node:child_process";
import process from "node:process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runs `script` (a path relative to this folder) with `args`; kills it after `timeoutMs`. */
export function runChild(script: string, args: string[], timeoutMs: number): Promise<unknown> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
  const argv = isDeno ? ["run", "-A", path, ...args] : ["--import", "tsx", path, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout!.on("data", (d) => (out += String(d)));
    child.stderr!.on("data", (d) => (err += String(d)));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith("RESULT "));
      if (code === 0 && line !== undefined) return resolve(JSON.parse(line.slice(7)));
      reject(new Error(`Child "${script}" failed (exit ${code}, signal ${signal}): ${err.slice(-4000) || out.slice(-2000)}`));
    });
  });
}
