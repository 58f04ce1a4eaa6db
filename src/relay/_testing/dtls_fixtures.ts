/** Test helpers: synthetic DTLS 1.2 records and handshake fragments (used by the relay tests only). */
import { sha256 } from "@noble/hashes/sha2.js";
import { concatBytes } from "@noble/hashes/utils.js";
import { formatFingerprint } from "../dtls.ts";

/** Big-endian bytes of `v` in `n` bytes. */
export function be(v: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    out[i] = v & 0xff;
    v = Math.floor(v / 256);
  }
  return out;
}

/** A TLS Certificate message body carrying `ders`. */
export function certificateBody(ders: Uint8Array[]): Uint8Array {
  const entries = concatBytes(...ders.map((d) => concatBytes(be(d.length, 3), d)));
  return concatBytes(be(entries.length, 3), entries);
}

/** One DTLS handshake fragment (12-byte header + bytes [off, off+len) of `body`). */
export function fragment(msgType: number, seq: number, body: Uint8Array, off = 0, len = body.length - off): Uint8Array {
  return concatBytes(
    new Uint8Array([msgType]),
    be(body.length, 3),
    be(seq, 2),
    be(off, 3),
    be(len, 3),
    body.subarray(off, off + len),
  );
}

/** One DTLS record (13-byte header) around `payload`. */
export function record(type: number, payload: Uint8Array, epoch = 0, seq = 0, version = 0xfefd): Uint8Array {
  return concatBytes(new Uint8Array([type]), be(version, 2), be(epoch, 2), be(seq, 6), be(payload.length, 2), payload);
}

/** Deterministic pseudo-DER bytes of a given length (content is irrelevant to the fingerprint). */
export function fakeDer(len: number, tag: number): Uint8Array {
  const out = new Uint8Array(len);
  out[0] = 0x30;
  for (let i = 1; i < len; i++) out[i] = (i * 31 + tag * 17) & 0xff;
  return out;
}

/** The SDP-style fingerprint of a DER certificate. */
export function fp(der: Uint8Array): string {
  return formatFingerprint(sha256(der));
}
