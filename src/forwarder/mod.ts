/**
 * The forwarder (SPEC §13.9): the media service's forwarding mode for the SFrame profile. An SFU on werift that
 * terminates each endpoint's DTLS-SRTP leg and forwards RTP between the two legs of a call without decoding it; it
 * holds no key. I/O layer: werift opens UDP sockets.
 */
export { DEFAULT_GATHER_TIMEOUT_MS, Forwarder } from "./forwarder.ts";
export { ForwardedCall } from "./call.ts";
export { ForwarderLeg } from "./leg.ts";
export { MAX_SDP_LENGTH } from "./_sdp.ts";
export { type CiphertextCheck, type CiphertextVerdict, seenOnlyCiphertext } from "./evidence.ts";
export {
  parseVp8Descriptor,
  RtpTap,
  TAP_SAMPLES_PER_KIND,
  type TapCtrs,
  type TapDirection,
  type TapSample,
  type TapSnapshot,
  type Vp8Descriptor,
} from "./rtp_tap.ts";
export type {
  CallStats,
  Direction,
  DirectionStats,
  ForwardedPacket,
  ForwarderOptions,
  LegName,
  LegState,
  MediaKind,
  PacketAlteration,
  PacketCount,
  PacketView,
} from "./types.ts";
