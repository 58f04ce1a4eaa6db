/**
 * Public types of the forwarder (SPEC §13.9): leg states, packets as the forwarder sees them, counters.
 */
import type { RTCPeerConnectionConfig } from "werift";

/** The media kinds a forwarder carries (SPEC §13.9 FW2). */
export type MediaKind = "audio" | "video";

/** The two legs of a forwarded call, named by the endpoint each one faces. */
export type LegName = "caller" | "callee";

/**
 * A leg's place in its one exchange (SPEC §13.9 FW4): "new" before it; "exchanging" while an offer or answer is
 * being made or applied; "offered" while the leg's own offer waits for the endpoint's answer; "exchanged" once
 * both descriptions are set; "closed" once its call is closed.
 */
export type LegState = "new" | "exchanging" | "offered" | "exchanged" | "closed";

/** A direction of a call: from the leg named first to the other one. */
export type Direction = "callerToCallee" | "calleeToCaller";

/** One packet as the forwarder handled it: what a tap sees (SPEC §13.9 FW3), a copy. */
export interface ForwardedPacket {
  callId: string;
  direction: Direction;
  kind: MediaKind;
  /** Whether it went out on the other leg (false: that leg could not send yet, the packet was dropped). */
  forwarded: boolean;
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  /** The RTP payload, byte for byte as received and as sent. */
  payload: Uint8Array;
}

/** Packets and payload bytes. */
export interface PacketCount {
  packets: number;
  bytes: number;
}

/** Counters of one direction (SPEC §13.9 FW3). */
export interface DirectionStats {
  /** Every packet forwarded, and its payload bytes. */
  forwarded: PacketCount;
  audio: PacketCount;
  video: PacketCount;
  /** Packets received but not sent on: the other leg could not send yet. */
  dropped: number;
  /** Key-frame requests (RTCP PLI) passed from this direction's receiver to its sender. */
  keyFrameRequests: number;
}

/** Counters of one call. */
export interface CallStats {
  state: "open" | "closed";
  legs: Record<LegName, { state: LegState; connection: string }>;
  callerToCallee: DirectionStats;
  calleeToCaller: DirectionStats;
}

/** Options of a Forwarder. */
export interface ForwarderOptions {
  /**
   * werift RTCPeerConnection configuration merged over the defaults of every leg (no ICE server, max-bundle, Opus
   * and VP8); e.g. `{ iceAdditionalHostAddresses: ["127.0.0.1"] }` to offer a loopback candidate.
   */
  rtcConfig?: Partial<RTCPeerConnectionConfig>;
  /** How long a leg waits for ICE gathering before its SDP is returned, ms (default 10000). */
  gatherTimeoutMs?: number;
}

/** A packet as an adversary of the forwarder sees it (SPEC §8, the sframe-* modes): a copy, before it leaves. */
export interface PacketView {
  direction: Direction;
  kind: MediaKind;
  sequenceNumber: number;
  timestamp: number;
  marker: boolean;
  payload: Uint8Array;
  /** Whether the other leg can send it now (false: it would be dropped, FW3). */
  deliverable: boolean;
}

/**
 * What an adversary makes of a packet (SPEC §8): null sends it as received; otherwise the payloads that leave in its
 * place, in order ([] drops it). A payload beyond the first leaves as a packet of its own with the next sequence
 * number, the same timestamp and no marker; later packets of that stream are renumbered after it, so the receiver sees
 * no gap and no duplicate sequence number.
 */
export type PacketAlteration = (p: PacketView) => readonly Uint8Array[] | null;
