/** Test helper: runs webrtc_pair.ts in a child process (src/_testing/child.ts) and acts as its call service. */
import { resultOf, runChild } from "../../_testing/child.ts";

const PAIR = new URL("./webrtc_pair.ts", import.meta.url);

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
 * Rejects when the child fails, gives no result or outlives `killMs` (then it is killed).
 */
export async function runPeerPair(
  forward: (side: "a" | "b", sdp: string) => string,
  opts: { expect: "connect" | "blocked" | "negotiate"; waitMs: number },
  killMs: number,
): Promise<{ result: PairResult; exit: { code: number | null; signal: string | null } }> {
  const run = await runChild<PairResult>(PAIR, {
    args: [JSON.stringify(opts)],
    timeoutMs: killMs,
    onMessage: (msg, reply) => {
      const m = msg as { type: string; side: "a" | "b"; sdp: string };
      if (m.type !== "sdp") throw new Error(`Unexpected message "${m.type}" from the peer process`);
      reply({ sdp: forward(m.side, m.sdp) });
    },
  });
  return { result: resultOf(run, "peer process"), exit: { code: run.code, signal: run.signal } };
}
