/**
 * The SFrame header (RFC 9605 §4.3, SPEC §13.1): a config byte `X|K|Y|C` followed by the KID and the CTR as
 * compact big-endian integers. Exact up to 2^64 − 1 (bigint). Pure.
 */
import { SFrameHeaderError, toU64 } from "./errors.ts";

/** A decoded header: its KID, its CTR and its length in bytes (the frame's AAD starts with these bytes). */
export interface SFrameHeader {
  kid: bigint;
  ctr: bigint;
  length: number;
}

/** Bytes needed for `v` (at least 1). */
function byteLength(v: bigint): number {
  let n = 1;
  while (v >> BigInt(8 * n)) n++;
  return n;
}

function writeBE(out: Uint8Array, at: number, v: bigint, n: number): void {
  for (let i = n - 1; i >= 0; i--) {
    out[at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}

function readBE(b: Uint8Array, at: number, n: number): bigint {
  let v = 0n;
  for (let i = 0; i < n; i++) v = (v << 8n) | BigInt(b[at + i]!);
  return v;
}

/**
 * Encodes a header for `kid` and `ctr` (each 0..2^64 − 1).
 * @throws SFrameTypeError, SFrameRangeError (SFRAME_BAD_INPUT) for a value that is not an integer in range
 */
export function encodeHeader(kid: bigint | number, ctr: bigint | number): Uint8Array {
  const k = toU64("KID", kid), c = toU64("CTR", ctr);
  // RFC 9605 §4.3: a value 0-7 sits in the config byte; a larger one takes the minimum number of bytes
  const kl = k < 8n ? 0 : byteLength(k), cl = c < 8n ? 0 : byteLength(c);
  const out = new Uint8Array(1 + kl + cl);
  const kBits = kl ? 0x80 | ((kl - 1) << 4) : Number(k) << 4;
  const cBits = cl ? 0x08 | (cl - 1) : Number(c);
  out[0] = kBits | cBits;
  if (kl) writeBE(out, 1, k, kl);
  if (cl) writeBE(out, 1 + kl, c, cl);
  return out;
}

/**
 * Decodes the header at the start of `frame`.
 * @throws SFrameHeaderError (SFRAME_BAD_HEADER) when the frame is shorter than its header says, or a value is not
 *   in its minimal form (a value 0-7 written out, or a leading zero byte)
 */
export function decodeHeader(frame: Uint8Array): SFrameHeader {
  if (frame.length < 1) throw new SFrameHeaderError("SFrame header truncated: empty frame");
  const cfg = frame[0]!;
  const x = (cfg & 0x80) !== 0, k = (cfg >> 4) & 7, y = (cfg & 0x08) !== 0, c = cfg & 7;
  const kl = x ? k + 1 : 0, cl = y ? c + 1 : 0;
  const length = 1 + kl + cl;
  if (frame.length < length) {
    throw new SFrameHeaderError(`SFrame header truncated: needs ${length} bytes, got ${frame.length}`);
  }
  const kid = x ? readBE(frame, 1, kl) : BigInt(k);
  const ctr = y ? readBE(frame, 1 + kl, cl) : BigInt(c);
  // SPEC §13.1: only the minimal encoding is accepted, so each (KID, CTR) has exactly one header
  if (x && (kid < 8n || byteLength(kid) !== kl)) throw new SFrameHeaderError(`SFrame KID not minimal: "${kid}"`);
  if (y && (ctr < 8n || byteLength(ctr) !== cl)) throw new SFrameHeaderError(`SFrame CTR not minimal: "${ctr}"`);
  return { kid, ctr, length };
}
