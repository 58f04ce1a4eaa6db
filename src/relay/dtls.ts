/**
 * Passive DTLS 1.2 observer: finds the certificates each side presents in its clear-text handshake
 * (SPEC §4.3 TR8, M3) without terminating or altering anything. Never throws on malformed input.
 */
import { sha256 } from "@noble/hashes/sha2.js";

const RECORD_HEADER = 13;
const HANDSHAKE_HEADER = 12;
const CONTENT_HANDSHAKE = 22;
const MSG_CERTIFICATE = 11;
/** Largest Certificate message reassembled; bigger ones are ignored (bounded memory). */
const MAX_MESSAGE = 256 * 1024;
/** Most messages reassembled at once per side; the oldest is evicted first. */
const MAX_PENDING = 8;
/** Most distinct fingerprints remembered per side. */
const MAX_FINGERPRINTS = 64;

/** Formats a SHA-256 digest the way SDP `a=fingerprint:sha-256` writes it ("AB:CD:…", upper case). */
export function formatFingerprint(digest: Uint8Array): string {
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
}

/** Reads a big-endian unsigned integer of `n` bytes (n ≤ 6). */
function uint(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = 0; i < n; i++) v = v * 256 + b[at + i];
  return v;
}

/** Returns the DER certificates of a TLS 1.2 Certificate message body; stops at the first inconsistency. */
export function parseCertificateList(body: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  if (body.length < 3) return out;
  const listLen = uint(body, 0, 3);
  const end = Math.min(body.length, 3 + listLen);
  let p = 3;
  while (p + 3 <= end) {
    const len = uint(body, p, 3);
    p += 3;
    if (len === 0 || p + len > end) break;
    out.push(body.subarray(p, p + len));
    p += len;
  }
  return out;
}

interface Pending {
  key: string;
  buf: Uint8Array;
  have: Uint8Array;
  missing: number;
}

/**
 * Watches the datagrams one side sends and collects the SHA-256 fingerprints of every certificate it
 * sends in a DTLS 1.2 Certificate handshake message (epoch 0, reassembled across records and datagrams).
 */
export class DtlsCertificateWatcher {
  /** Distinct fingerprints in the order first seen. */
  readonly fingerprints: string[] = [];
  #pending = new Map<string, Pending>();

  /** Feeds one datagram; returns the fingerprints seen for the first time. Never throws on any bytes. */
  feed(datagram: Uint8Array): string[] {
    const found: string[] = [];
    this.#records(datagram, found);
    return found;
  }

  #records(d: Uint8Array, found: string[]): void {
    let o = 0;
    // SPEC §4.3 (TR8): several records may be coalesced in one datagram.
    while (o + RECORD_HEADER <= d.length) {
      const type = d[o];
      const major = d[o + 1];
      const epoch = uint(d, o + 3, 2);
      const len = uint(d, o + 11, 2);
      const start = o + RECORD_HEADER;
      const end = start + len;
      if (end > d.length) return;
      // SPEC §4.3 (TR8): only clear-text epoch 0 handshake records are read; later epochs are encrypted.
      if (type === CONTENT_HANDSHAKE && major === 0xfe && epoch === 0) this.#handshake(d.subarray(start, end), found);
      o = end;
    }
  }

  #handshake(r: Uint8Array, found: string[]): void {
    let p = 0;
    while (p + HANDSHAKE_HEADER <= r.length) {
      const msgType = r[p];
      const length = uint(r, p + 1, 3);
      const seq = uint(r, p + 4, 2);
      const fragOff = uint(r, p + 6, 3);
      const fragLen = uint(r, p + 9, 3);
      const body = p + HANDSHAKE_HEADER;
      if (body + fragLen > r.length) return;
      if (msgType === MSG_CERTIFICATE && fragOff + fragLen <= length && length <= MAX_MESSAGE) {
        this.#fragment(`${seq}/${length}`, length, fragOff, r.subarray(body, body + fragLen), found);
      }
      p = body + fragLen;
    }
  }

  #fragment(key: string, length: number, off: number, data: Uint8Array, found: string[]): void {
    let m = this.#pending.get(key);
    if (!m) {
      if (this.#pending.size >= MAX_PENDING) this.#pending.delete(this.#pending.keys().next().value!);
      m = { key, buf: new Uint8Array(length), have: new Uint8Array(length), missing: length };
      this.#pending.set(key, m);
    }
    m.buf.set(data, off);
    for (let i = off; i < off + data.length; i++) {
      if (m.have[i] === 0) {
        m.have[i] = 1;
        m.missing--;
      }
    }
    if (m.missing > 0) return;
    this.#pending.delete(key);
    for (const der of parseCertificateList(m.buf)) {
      const fp = formatFingerprint(sha256(der));
      if (!this.fingerprints.includes(fp) && this.fingerprints.length < MAX_FINGERPRINTS) {
        this.fingerprints.push(fp);
        found.push(fp);
      }
    }
  }
}
