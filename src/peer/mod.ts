/**
 * The reference peer (SPEC §4–§7, §11): a headless calling client on node-webrtc with synthetic self-checking
 * media, the E2EE handshake glued to the SDP it applies, and the SPEC §7 CallState it reports.
 */
export { ReferencePeer } from "./peer.ts";
export type {
  FeatureResult,
  PeerCallEvent,
  PeerEvents,
  PeerIncoming,
  PeerSettings,
  PeerWelcome,
  ReferencePeerOptions,
} from "./peer_types.ts";
export { randomCallId } from "./ids.ts";
export type { PeerVariant } from "./strategies.ts";
export { MediaEngine } from "./media_engine.ts";
export type { MediaEngineOptions, MediaStats, SessionDescription } from "./media_engine.ts";
export { MediaTicker, sharedTicker } from "./media_ticker.ts";
export type { MediaTickerOptions, TickHandler } from "./media_ticker.ts";
export { SignalingClient } from "./signaling_client.ts";
export type { AuthFields, SignalingClientOptions } from "./signaling_client.ts";
export type { CallPhase, CallTopology } from "./call.ts";
