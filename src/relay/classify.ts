/**
 * RFC 7983 first-byte demultiplexing of the packets that share one relay 5-tuple (SPEC §4.3).
 * Pure: no I/O.
 */

/** What a relayed datagram carries, judged from its first byte only. */
export type PacketClass = "stun" | "dtls" | "srtp" | "other";

/** Every packet class, in counter order. */
export const PACKET_CLASSES: readonly PacketClass[] = ["stun", "dtls", "srtp", "other"];

/**
 * Classifies a datagram by its first byte (RFC 7983 §7): 0..3 STUN, 20..63 DTLS,
 * 128..191 RTP/RTCP (SRTP/SRTCP), anything else "other".
 */
export function classifyPacket(first: number): PacketClass {
  // SPEC §4.3 (TR6): the relay classifies by the first byte only and never looks further.
  if (!Number.isInteger(first) || first < 0 || first > 255) return "other";
  if (first <= 3) return "stun";
  if (first >= 20 && first <= 63) return "dtls";
  if (first >= 128 && first <= 191) return "srtp";
  return "other";
}

/** The bytes at the start of a packet of this class that faults leave alone (STUN 20, DTLS 13, RTP 12). */
export function headerLength(cls: PacketClass): number {
  switch (cls) {
    case "stun":
      return 20;
    case "dtls":
      return 13;
    case "srtp":
      return 12;
    default:
      return 0;
  }
}

/**
 * Whether a datagram is RTP media, not RTCP (RFC 7983 §7, RFC 5761 §4): first byte 128–191 and a second byte (the
 * RTP marker bit and payload type, or the RTCP packet type; never encrypted by SRTP) that is not an RTCP packet type
 * 192–223. Used only for the SPEC §8 evidence of when media first left an endpoint; forwarding never reads it.
 */
export function isRtpMedia(packet: Uint8Array): boolean {
  if (packet.length < 2 || classifyPacket(packet[0]!) !== "srtp") return false;
  const pt = packet[1]!;
  return pt < 192 || pt > 223;
}
