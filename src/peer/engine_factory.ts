/**
 * The reference peer's per-call MediaEngine (SPEC §6.1 `media` reports, §5.9 media gate): created with its sources
 * idle; the peer opens the gate on each change when its mediaAllowed strategy says so.
 */
import type { ClientMessage } from "../protocol/mod.ts";
import type { PeerCall } from "./call.ts";
import { MediaEngine } from "./media_engine.ts";
import { type MediaTicker, sharedTicker } from "./media_ticker.ts";

/** What the engine of a call needs from its peer. */
export interface EngineHost {
  speech: string;
  ticker?: MediaTicker;
  gatherTimeoutMs?: number;
  log(line: string): void;
  send(m: ClientMessage): boolean;
  changed(call: PeerCall): void;
}

/** A new engine for `call`; reports `media {connected|failed}` once each (SPEC §6.1) and every state change. */
export function newCallEngine(h: EngineHost, call: PeerCall): MediaEngine {
  const engine: MediaEngine = new MediaEngine({
    speech: h.speech,
    sending: false, // SPEC §5.9: no outgoing RTP media until the peer opens the gate
    ticker: h.ticker ?? sharedTicker(),
    gatherTimeoutMs: h.gatherTimeoutMs,
    log: (l) => h.log(`call ${call.callId}: ${l}`),
    onConnectionState: (s) => {
      if (call.engine !== engine || call.ended) return;
      if (s === "connected" || s === "failed") {
        if (s === "connected" && call.state === "connecting") call.state = "connected";
        if (!call.mediaReported.has(s)) {
          call.mediaReported.add(s);
          h.send({ type: "media", callId: call.callId, state: s });
        }
      }
      h.changed(call);
    },
  });
  return engine;
}

/** Runs a listener; a throwing listener is logged, never breaks the peer. */
export function safely(fn: () => void, log: (l: string) => void): void {
  try {
    fn();
  } catch (e) {
    log(`listener failed: ${(e as Error)?.message ?? e}`);
  }
}
