/**
 * RTCP the forwarder acts on (SPEC §13.9 FW2): a key-frame request (PLI, RFC 4585 §6.3.1) for a media SSRC.
 * werift hands a PLI to whichever of its senders or receivers owns the packet's sender SSRC before its media SSRC,
 * so a leg watches the RTCP of all of them and matches the media SSRC itself.
 */
import type { RtcpPacket } from "werift";

/** RTCP payload-specific feedback (RFC 4585 §6.1) and its PLI format (FMT 1). */
const PSFB = 206, PLI = 1;

/** True when `packet` is a PLI for the media stream `ssrc`. */
export function isPliFor(packet: RtcpPacket, ssrc: number): boolean {
  if (packet.type !== PSFB) return false;
  const fb = packet.feedback as { count?: number; mediaSsrc?: number };
  return fb.count === PLI && fb.mediaSsrc === ssrc;
}
