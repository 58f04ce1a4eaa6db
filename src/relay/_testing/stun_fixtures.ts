/** Builds ICE connectivity checks (STUN Binding requests with USERNAME and MESSAGE-INTEGRITY) for relay tests. */
import { createHmac } from "node:crypto";

/** A Binding request with USERNAME `username`, signed with `pwd` (RFC 8489 §14.5), and a FINGERPRINT-free tail. */
export function bindingRequest(username: string, pwd: string, txid = 1): Uint8Array {
  const user = new TextEncoder().encode(username);
  const pad = (4 - (user.length % 4)) % 4;
  const attrs = 4 + user.length + pad;
  const out = new Uint8Array(20 + attrs + 24);
  const v = new DataView(out.buffer);
  v.setUint16(0, 0x0001);
  v.setUint16(2, attrs + 24);
  v.setUint32(4, 0x2112a442);
  v.setUint32(16, txid);
  v.setUint16(20, 0x0006);
  v.setUint16(22, user.length);
  out.set(user, 24);
  const mi = 20 + attrs;
  v.setUint16(mi, 0x0008);
  v.setUint16(mi + 2, 20);
  out.set(createHmac("sha1", pwd).update(out.subarray(0, mi)).digest(), mi + 4);
  return out;
}
