/**
 * Worker process of bench/load: hosts several ReferencePeers (one per user) and talks to the bench over the Node IPC
 * channel (request {id, type, …} → reply {id, ok, result | error}). During the measurement window it polls its
 * calls' media counters every POLL_MS and records, per receiving side, the longest time without a new decoded video
 * frame and without a new audio sink frame, plus its own event-loop delay. Ends with process.exit()
 * (docs/node-webrtc.md).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { ReferencePeer } from "../src/peer/mod.ts";
import type { CallState } from "../src/protocol/mod.ts";
import { POLL_MS, type SideWindow } from "./_load_protocol.ts";

interface Track {
  callId: string;
  peer: ReferencePeer;
  start: CallState;
  lastVideo: number;
  lastVideoAt: number;
  lastRx: number;
  lastRxAt: number;
  rxGap: number;
  lastAudio: number;
  lastAudioAt: number;
  videoGap: number;
  audioGap: number;
}

const peers = new Map<string, ReferencePeer>();
const calls: { callId: string; peer: ReferencePeer }[] = [];
let tracks: Track[] = [];
let poller: ReturnType<typeof setInterval> | undefined;
let pollCpuUs = 0;
const loop = monitorEventLoopDelay({ resolution: 10 });

function sides(): { callId: string; peer: ReferencePeer }[] {
  const out: { callId: string; peer: ReferencePeer }[] = [];
  for (const p of peers.values()) for (const s of p.calls()) out.push({ callId: s.callId, peer: p });
  return out;
}

function poll(): void {
  const c0 = process.cpuUsage();
  const now = performance.now();
  for (const t of tracks) {
    const m = t.peer.state(t.callId).media;
    if (m.video.decoded !== t.lastVideo) {
      t.videoGap = Math.max(t.videoGap, now - t.lastVideoAt);
      t.lastVideo = m.video.decoded;
      t.lastVideoAt = now;
    }
    if (m.video.framesReceived !== t.lastRx) {
      t.rxGap = Math.max(t.rxGap, now - t.lastRxAt);
      t.lastRx = m.video.framesReceived;
      t.lastRxAt = now;
    }
    if (m.audio.framesReceived !== t.lastAudio) {
      t.audioGap = Math.max(t.audioGap, now - t.lastAudioAt);
      t.lastAudio = m.audio.framesReceived;
      t.lastAudioAt = now;
    }
  }
  const c = process.cpuUsage(c0);
  pollCpuUs += c.user + c.system;
}

type Req = { id: number; type: string; [k: string]: unknown };

async function handle(m: Req): Promise<unknown> {
  switch (m.type) {
    case "setup": {
      const users = m.users as { user: string; token: string; answer: boolean }[];
      await Promise.all(users.map(async (u) => {
        const p = new ReferencePeer({ serviceUrl: m.serviceUrl as string, token: u.token, gatherTimeoutMs: 10_000 });
        await p.connect();
        if (u.answer) p.on("incoming", ({ callId }) => void p.answer(callId).catch(() => {}));
        peers.set(u.user, p);
      }));
      return { pid: process.pid };
    }
    case "place": {
      const out: { from: string; callId: string | null; error: string | null }[] = [];
      for (const c of m.calls as { from: string; to: string }[]) {
        try {
          const callId = await peers.get(c.from)!.place(c.to);
          calls.push({ callId, peer: peers.get(c.from)! });
          out.push({ from: c.from, callId, error: null });
        } catch (e) {
          const code = (e as { code?: string }).code;
          out.push({ from: c.from, callId: null, error: `${code ? `${code}: ` : ""}${(e as Error).message}` });
        }
      }
      return out;
    }
    case "status":
      return sides().map(({ callId, peer }) => peer.state(callId));
    case "window-start": {
      const now = performance.now();
      tracks = sides().map(({ callId, peer }) => {
        const s = peer.state(callId);
        return {
          callId,
          peer,
          start: s,
          lastVideo: s.media.video.decoded,
          lastVideoAt: now,
          lastRx: s.media.video.framesReceived,
          lastRxAt: now,
          rxGap: 0,
          lastAudio: s.media.audio.framesReceived,
          lastAudioAt: now,
          videoGap: 0,
          audioGap: 0,
        };
      });
      pollCpuUs = 0;
      loop.reset();
      loop.enable();
      poller = setInterval(poll, POLL_MS);
      return { sides: tracks.length };
    }
    case "window-stop": {
      clearInterval(poller);
      poll();
      loop.disable();
      const now = performance.now();
      const out: SideWindow[] = tracks.map((t) => {
        const s = t.peer.state(t.callId);
        return {
          callId: t.callId,
          role: s.role,
          state: s.state,
          // a gap still open at the end counts too
          videoGapMs: Math.round(Math.max(t.videoGap, now - t.lastVideoAt)),
          videoRxGapMs: Math.round(Math.max(t.rxGap, now - t.lastRxAt)),
          audioGapMs: Math.round(Math.max(t.audioGap, now - t.lastAudioAt)),
          videoFrames: s.media.video.decoded - t.start.media.video.decoded,
          videoRxFrames: s.media.video.framesReceived - t.start.media.video.framesReceived,
          audioFrames: s.media.audio.framesReceived - t.start.media.audio.framesReceived,
          newDigits: s.media.audio.digits.length - t.start.media.audio.digits.length,
          lifetimeMaxGapMs: s.media.video.maxGapMs,
          latencyMs: s.media.video.latencyMs,
        };
      });
      return {
        sides: out,
        loopDelayMs: { max: loop.max / 1e6, p99: loop.percentile(99) / 1e6, mean: loop.mean / 1e6 },
        pollCpuMs: pollCpuUs / 1000,
        memoryMiB: Object.fromEntries(
          Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 2 ** 20)]),
        ),
      };
    }
    case "close": {
      await Promise.all([...peers.values()].map((p) => p.close().catch(() => {})));
      setTimeout(() => process.exit(0), 200); // docs/node-webrtc.md: exit explicitly after closing everything
      return {};
    }
    default:
      throw new Error(`Unknown request "${m.type}"`);
  }
}

process.on("message", (m: Req) => {
  handle(m).then(
    (result) => process.send!({ id: m.id, ok: true, result }),
    (e) => process.send!({ id: m.id, ok: false, error: (e as Error).message }),
  );
});
process.on("disconnect", () => process.exit(0));
