/**
 * Test helper: runs a scenario script in a child process of the current runtime (Node via tsx, or Deno) and returns
 * the JSON object it prints on its last stdout line. node-webrtc processes that used audio may crash on exit
 * (NODE-WEBRTC.md), so every scenario with PeerConnections runs here, never in the test process.
 */
import { spawn } from "node:child_process";
import process from "node:process";

/** Result of a child scenario: its exit code, the parsed last JSON line, and its stderr text. */
export interface ChildResult {
  code: number | null;
  signal: string | null;
  json: Record<string, unknown> | null;
  stdout: string;
  stderr: string;
}

/** True when running under Deno. */
export const IS_DENO = "Deno" in globalThis;

/** Command and arguments that run a TypeScript file with the current runtime. */
export function tsRunner(script: string): { cmd: string; args: string[] } {
  return IS_DENO
    ? { cmd: process.execPath, args: ["run", "-A", "--no-check", script] }
    : { cmd: process.execPath, args: ["--import", "tsx", script] };
}

/** Runs `script` with `args`, kills it after `timeoutMs`, and parses its last stdout line as JSON. */
export function runScenario(script: string, args: string[] = [], timeoutMs = 60000): Promise<ChildResult> {
  const { cmd, args: pre } = tsRunner(script);
  return new Promise((resolve) => {
    const child = spawn(cmd, [...pre, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Uint8Array) => (stdout += new TextDecoder().decode(d)));
    child.stderr!.on("data", (d: Uint8Array) => (stderr += new TextDecoder().decode(d)));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      const last = stdout.trim().split("\n").pop() ?? "";
      let json: Record<string, unknown> | null = null;
      try {
        json = JSON.parse(last);
      } catch {
        json = null;
      }
      resolve({ code, signal, json, stdout, stderr });
    });
  });
}
