/**
 * The transport relay's public shapes (SPEC §4.3, §8): sides, addresses, counters, evidence, events and the
 * allocation interface. Re-exported by relay.ts.
 */
import type { PacketClass } from "./classify.ts";
import type { FaultAction } from "./fault.ts";
import type { IceCredentials } from "./stun.ts";

/** Call side: "a" is the caller, "b" the callee. */
export type Side = "a" | "b";

/** A UDP transport address. */
export interface TransportAddress {
  address: string;
  port: number;
}

/** Per-class counters of one direction. */
export interface ClassCounts {
  stun: number;
  dtls: number;
  srtp: number;
  other: number;
  packets: number;
  bytes: number;
}

/** A snapshot of one allocation's counters and evidence. */
export interface RelayStats {
  forwarded: { a_to_b: ClassCounts; b_to_a: ClassCounts };
  dropped: { unknownSource: number; noTarget: number; fault: number };
  /** SHA-256 fingerprints ("AB:CD:…") of the certificates each side sent in its DTLS 1.2 handshake. */
  certificates: { a: string[]; b: string[] };
  fault: { mode: string; seed: number; rate: number; classes: PacketClass[]; actions: FaultAction[] } | null;
  /**
   * SPEC §8 (no media before confirmation): per direction, the time (epoch ms) of the first RTP media datagram
   * (isRtpMedia: RFC 7983 first byte 128–191, RTCP packet types 192–223 excluded) the relay admitted from that
   * side, and how many it admitted; null before any.
   */
  firstMedia: { a_to_b: number | null; b_to_a: number | null };
  rtpMedia: { a_to_b: number; b_to_a: number };
}

/** Something the relay reports to its owner's log. */
export type RelayEvent =
  | { type: "allocated"; callId: string; ports: { a: number; b: number } }
  | { type: "permit"; callId: string; side: Side; addrs: TransportAddress[] }
  | { type: "learned"; callId: string; side: Side; from: TransportAddress }
  | { type: "drop"; callId: string; side: Side; reason: "unknownSource" | "noTarget"; from: TransportAddress }
  | { type: "certificate"; callId: string; side: Side; fingerprint: string }
  | { type: "fault"; callId: string; action: FaultAction }
  | { type: "error"; callId: string; side: Side; message: string }
  | { type: "closed"; callId: string; stats: RelayStats };

/** One call's relay allocation: the port facing each side and that side's permitted sources. */
export interface RelayAllocation {
  readonly callId: string;
  /** Port facing side a (a sends here), port facing side b. */
  readonly ports: { a: number; b: number };
  /**
   * Replaces the source addresses side `side` may send from (its own candidates) and, when given, records the ICE
   * credentials of its SDP, with which the other side's authenticated checks teach the relay its address (TR4).
   */
  permit(side: Side, addrs: TransportAddress[], ice?: IceCredentials): void;
  /** A copy of the counters and evidence so far. */
  stats(): RelayStats;
  /** Closes both sockets; idempotent. */
  close(): Promise<void>;
}
