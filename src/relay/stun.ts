/**
 * The one STUN check the transport relay makes (SPEC §4.3 TR4): is a datagram an ICE connectivity check (a STUN
 * Binding request, RFC 8489) whose USERNAME names the call's two ICE ufrags and whose MESSAGE-INTEGRITY verifies
 * under the receiving side's ICE password (RFC 8445 §7.2.2)? Only someone who read that side's SDP can send one, so
 * the relay may learn the sender's address from it, as a TURN server learns a client's from its authenticated
 * requests. Never throws on any input.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** ICE credentials of one side, from its SDP (`a=ice-ufrag`, `a=ice-pwd`). */
export interface IceCredentials {
  ufrag: string;
  pwd: string;
}

const MAGIC = 0x2112a442;
const BINDING_REQUEST = 0x0001;
const ATTR_USERNAME = 0x0006;
const ATTR_MESSAGE_INTEGRITY = 0x0008;

/**
 * True when `packet` is a STUN Binding request whose USERNAME is `<receiver.ufrag>:<senderUfrag>` (any sender
 * ufrag when `senderUfrag` is undefined) and whose MESSAGE-INTEGRITY is HMAC-SHA1 keyed with `receiver.pwd`.
 */
export function isAuthenticatedCheck(
  packet: Uint8Array,
  receiver: IceCredentials,
  senderUfrag?: string,
): boolean {
  try {
    if (packet.length < 20 || (packet[0]! & 0xc0) !== 0) return false;
    const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
    if (view.getUint16(0) !== BINDING_REQUEST || view.getUint32(4) !== MAGIC) return false;
    const length = view.getUint16(2);
    if (length % 4 !== 0 || 20 + length !== packet.length) return false;
    let username: string | undefined;
    let off = 20;
    while (off + 4 <= packet.length) {
      const type = view.getUint16(off);
      const len = view.getUint16(off + 2);
      const value = off + 4;
      if (value + len > packet.length) return false;
      if (type === ATTR_USERNAME) {
        username = new TextDecoder("utf-8", { fatal: true }).decode(packet.subarray(value, value + len));
      }
      if (type === ATTR_MESSAGE_INTEGRITY) {
        if (len !== 20 || username === undefined) return false;
        const [recv, send, ...extra] = username.split(":");
        if (extra.length || recv !== receiver.ufrag || !send || (senderUfrag !== undefined && send !== senderUfrag)) {
          return false;
        }
        // RFC 8489 §14.5: the HMAC covers the message up to the attribute, with the header length counting it.
        const signed = packet.slice(0, off);
        new DataView(signed.buffer).setUint16(2, off + 24 - 20);
        const mac = createHmac("sha1", receiver.pwd).update(signed).digest();
        return timingSafeEqual(mac, packet.subarray(value, value + 20));
      }
      off = value + len + ((4 - (len % 4)) % 4);
    }
    return false;
  } catch {
    return false;
  }
}
