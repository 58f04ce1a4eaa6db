/**
 * Transport relay (SPEC §4.3): UDP forwarding for E2EE calls, RFC 7983 packet classes, passive DTLS
 * certificate evidence, seeded tamper/replay/drop faults (SPEC §8 RF1–RF6) and the SDP candidate helpers the
 * call service uses to steer both endpoints through the relay.
 */
export { classifyPacket, isRtpMedia } from "./classify.ts";
export type { PacketClass } from "./classify.ts";
export { REPLAY_DELAY_MS, TransportRelay } from "./relay.ts";
export type { ClassCounts, RelayAllocation, RelayEvent, RelayStats, Side, TransportAddress } from "./relay.ts";
export type { Direction, FaultAction, FaultPlan } from "./fault.ts";
export { extractCandidates, extractIceCredentials, replaceCandidates } from "./sdp.ts";
export { isAuthenticatedCheck } from "./stun.ts";
export type { IceCredentials } from "./stun.ts";
export type { RelayAddress, SdpCandidate } from "./sdp.ts";
export { DtlsCertificateWatcher, formatFingerprint } from "./dtls.ts";
