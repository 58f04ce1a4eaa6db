/** Test helper: runs _webrtc_pair.ts in a child process (Node via tsx, or Deno) and acts as its call service. */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import process from "node:process";

const PAIR = fileURLToPath(new URL("./_webrtc_pair.ts", import.meta.url));

/** What the peer process reports. */
export interface PairResult {
  /** Each side's own complete local SDP, as it came out of its PeerConnection. */
  sdpA: string;
  sdpB: string;
  everConnected: { a: boolean; b: boolean };
  state: { a: string; b: string };
  messages: string[];
  energetic: { a: number; b: number };
  frames: { a: number; b: number };
}

/**
 * Runs two real PeerConnections in a child process; `forward` plays the call service for each SDP.
 * Rejects when the child reports an error, gives no result or outlives `killMs` (then it is killed).
 */
export function runPeerPair(
  forward: (side: "a" | "b", sdp: string) => string,
  opts: { expect: "connect" | "blocked" | "negotiate"; waitMs: number },
  killMs: number,
): Promise<{ result: PairResult; exit: { code: number | null; signal: string | null } }> {
  const isDeno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
  const args = isDeno ? ["run", "-A", "--no-check", PAIR] : ["--import", "tsx", PAIR];
  const child = spawn(process.execPath, [...args, JSON.stringify(opts)], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr += String(d)));
  return new Promise((resolve, reject) => {
    let result: PairResult | undefined;
    let failure: string | undefined;
    const killer = setTimeout(() => {
      failure = `Peer process did not finish in ${killMs} ms`;
      child.kill("SIGKILL");
    }, killMs);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (!line.startsWith("@@")) return;
      const msg = JSON.parse(line.slice(2));
      if (msg.type === "sdp") {
        let sdp: string;
        try {
          sdp = forward(msg.side, msg.sdp);
        } catch (e) {
          failure = `Forwarding the SDP of side "${msg.side}" failed: ${e instanceof Error ? e.message : String(e)}`;
          child.kill("SIGKILL");
          return;
        }
        child.stdin!.write(`${JSON.stringify({ sdp })}\n`);
      } else if (msg.type === "result") {
        result = msg as PairResult;
      } else if (msg.type === "error") {
        failure = `Peer process failed: ${msg.message}`;
      }
    });
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      if (result && !failure) resolve({ result, exit: { code, signal } });
      else reject(new Error(`${failure ?? "Peer process gave no result"}: exit ${code} ${signal}: ${stderr.slice(-2000)}`));
    });
  });
}
