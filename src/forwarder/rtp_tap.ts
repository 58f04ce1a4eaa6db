/**
 * What the forwarder saw, packet by packet (SPEC §13.9 FW1, §13.11 evidence): a tap that reads each RTP payload the
 * way the SFrame profile lays frames into packets (§13.7) and counts, per direction, the frame starts that carry an
 * SFrame header under the sending role's KID (§13.4) and those that do not, with the CTRs seen. It decrypts nothing
 * and holds no key. Its memory is bounded: running counts plus the first few payloads of each direction.
 */
import { base64urlEncode } from "../crypto/mod.ts";
import { decodeHeader, SFRAME_KID } from "../crypto/sframe/mod.ts";
import type { Direction, ForwardedPacket, MediaKind } from "./types.ts";

/** The AEAD tag length of the profile's suite (SPEC §13.2: AES_128_GCM_SHA256_128). */
const TAG_BYTES = 16;
/** Payloads kept per direction and kind as samples. */
export const TAP_SAMPLES_PER_KIND = 4;

/** A VP8 payload descriptor (RFC 7741 §4.2): where the VP8 payload starts and whether a frame starts there. */
export interface Vp8Descriptor {
  /** Bytes of the descriptor; the VP8 payload follows. */
  length: number;
  /** S bit: the packet starts a VP8 partition. */
  start: boolean;
  /** PID: the partition index. */
  partition: number;
}

/** Parses the VP8 payload descriptor at the start of `payload`, or returns null when it is truncated. */
export function parseVp8Descriptor(payload: Uint8Array): Vp8Descriptor | null {
  if (payload.length < 1) return null;
  const b0 = payload[0]!;
  let n = 1;
  // RFC 7741 §4.2: X extends the descriptor with the I, L, T and K fields
  if (b0 & 0x80) {
    if (payload.length < 2) return null;
    const x = payload[1]!;
    n = 2;
    if (x & 0x80) {
      if (payload.length < n + 1) return null;
      n += payload[n]! & 0x80 ? 2 : 1; // M bit: a 15-bit PictureID, else 7-bit
    }
    if (x & 0x40) n += 1; // L: TL0PICIDX
    if (x & 0x30) n += 1; // T or K: TID|Y|KEYIDX
  }
  if (payload.length < n) return null;
  return { length: n, start: (b0 & 0x10) !== 0, partition: b0 & 0x07 };
}

/** Where a frame's SFrame ciphertext starts in a frame-start payload, or why the payload is no frame start. */
function frameOffset(kind: MediaKind, payload: Uint8Array): number | "continuation" | "empty" | "descriptor" {
  if (kind === "audio") return payload.length === 0 ? "empty" : 0; // SPEC §13.7: an audio frame is sealed whole
  const d = parseVp8Descriptor(payload);
  if (d === null) return payload.length === 0 ? "empty" : "descriptor";
  // RFC 7741 §4.1: only the first packet of a frame (S set, partition 0) starts with the frame
  if (!d.start || d.partition !== 0) return "continuation";
  if (payload.length === d.length) return "empty";
  // SPEC §13.7: a VP8 key frame (P bit 0, RFC 6386 §9.1) keeps 10 bytes in clear, a delta frame 3
  const key = (payload[d.length]! & 0x01) === 0;
  return d.length + (key ? 10 : 3);
}

/** One direction's CTRs under the sender's KID, as decimal strings (KID and CTR are 64-bit, SPEC §13.1). */
export interface TapCtrs {
  first: string | null;
  last: string | null;
  /** Every CTR was above the one before it (SPEC §13.4: one CTR per sender, up by 1 per frame). */
  increasing: boolean;
  /** Frames whose CTR was not above the one before it (a repeat or a reorder). */
  notAbove: number;
  /**
   * The lowest CTR seen. A sender's audio and video leave through separate pacers, so frames of the two kinds may
   * cross on the wire: the first CTR seen need not be the lowest.
   */
  lowest: string | null;
  /** The highest CTR seen (not `last`: the frame that arrived last may be one that crossed, see `lowest`). */
  highest: string | null;
  /**
   * Per kind, frames whose CTR was not above that of the frame before it in RTP sequence-number order (the sender's
   * order, whatever the network did to arrival order), over the first TAP_ORDERED_FRAMES frames of each kind.
   */
  notAboveInKind: Record<MediaKind, number>;
  /** Frames whose CTR the tap had seen before, among the last RECENT_CTRS (a reused nonce, RFC 9605 §7.4). */
  repeats: number;
}

/** A payload the tap kept. */
export interface TapSample {
  kind: MediaKind;
  sequenceNumber: number;
  /** The RTP payload, base64url. */
  payload: string;
}

/** What the tap saw in one direction (SPEC §13.11 evidence). */
export interface TapDirection {
  /** The KID the sending role seals under (SPEC §13.4: caller 0, callee 1), decimal. */
  kid: string;
  /** Packets seen, forwarded or dropped, per kind. */
  packets: Record<MediaKind, number>;
  /** Packets that start a frame (audio: every non-empty one; VP8: S set and partition 0). */
  frameStarts: Record<MediaKind, number>;
  /** VP8 packets that continue a frame (not judged: their bytes are the middle of a ciphertext). */
  continuations: number;
  /** Packets whose sequence number the tap had just seen (retransmissions): counted here only, not judged again. */
  retransmissions: number;
  /** Packets with no frame in them (empty, or a VP8 descriptor alone). */
  empty: number;
  /** Frame starts whose bytes after the clear ones parsed as an SFrame header under `kid`. */
  sframe: number;
  /** Frame starts that did not: no header, another KID, too short for the tag, or a broken VP8 descriptor. */
  notSframe: number;
  /** The first frame start that did not, and why. */
  firstFault: { kind: MediaKind; sequenceNumber: number; reason: string } | null;
  ctr: TapCtrs;
  /** The first payloads of each kind, as seen (at most TAP_SAMPLES_PER_KIND each). */
  samples: TapSample[];
}

/** How many frames of each kind the tap keeps in order to judge their CTRs by sequence number (3 min of audio). */
export const TAP_ORDERED_FRAMES = 9000;

/** How many recent CTRs the tap remembers to recognise a repeated one. */
const RECENT_CTRS = 4096;

/** How many recent sequence numbers per kind the tap remembers to recognise a retransmission. */
const RECENT_SEQUENCES = 512;

/** What the tap saw in a call. */
export type TapSnapshot = Record<Direction, TapDirection>;

class DirectionTap {
  readonly kid: bigint;
  readonly packets = { audio: 0, video: 0 };
  readonly frameStarts = { audio: 0, video: 0 };
  continuations = 0;
  empty = 0;
  sframe = 0;
  notSframe = 0;
  firstFault: TapDirection["firstFault"] = null;
  first: bigint | null = null;
  last: bigint | null = null;
  notAbove = 0;
  lowest: bigint | null = null;
  highest: bigint | null = null;

  repeats = 0;
  /** Per kind: (extended sequence number, CTR) of the first TAP_ORDERED_FRAMES frames, and the last extended seq. */
  readonly #ordered: Record<MediaKind, { seq: number; ctr: bigint }[]> = { audio: [], video: [] };
  readonly #extSeq: Record<MediaKind, number | null> = { audio: null, video: null };
  readonly #ctrs = new Set<bigint>();
  readonly samples: TapSample[] = [];
  readonly #kept = { audio: 0, video: 0 };
  readonly #recent = { audio: new Set<number>(), video: new Set<number>() };
  retransmissions = 0;

  constructor(kid: bigint) {
    this.kid = kid;
  }

  #fault(p: ForwardedPacket, reason: string): void {
    this.notSframe++;
    this.firstFault ??= { kind: p.kind, sequenceNumber: p.sequenceNumber, reason };
  }

  see(p: ForwardedPacket): void {
    this.packets[p.kind]++;
    // A packet sent again with its sequence number (a NACK retransmission, RFC 4585) repeats a frame already judged:
    // counted apart, so the CTR evidence is about frames, not about the network.
    const seen = this.#recent[p.kind];
    if (seen.has(p.sequenceNumber)) return void this.retransmissions++;
    seen.add(p.sequenceNumber);
    if (seen.size > RECENT_SEQUENCES) seen.delete(seen.values().next().value!);
    const at = frameOffset(p.kind, p.payload);
    if (at === "continuation") return void this.continuations++;
    if (at === "empty") return void this.empty++;
    this.frameStarts[p.kind]++;
    if (this.#kept[p.kind] < TAP_SAMPLES_PER_KIND) {
      this.#kept[p.kind]++;
      this.samples.push({ kind: p.kind, sequenceNumber: p.sequenceNumber, payload: base64urlEncode(p.payload) });
    }
    if (at === "descriptor") return this.#fault(p, "truncated VP8 payload descriptor");
    if (p.payload.length <= at) return this.#fault(p, "no bytes after the clear ones");
    const body = p.payload.subarray(at);
    let h;
    try {
      h = decodeHeader(body);
    } catch (e) {
      return this.#fault(p, `no SFrame header (${e instanceof Error ? e.message : String(e)})`);
    }
    // SPEC §13.4: the sending role's KID
    if (h.kid !== this.kid) return this.#fault(p, `KID "${h.kid}", not the sender's "${this.kid}"`);
    // a whole frame (audio; a VP8 frame in one packet, marker set) must hold the tag after the header
    const whole = p.kind === "audio" || p.marker;
    if (whole && body.length < h.length + TAG_BYTES) {
      return this.#fault(p, `${body.length} bytes cannot hold a header and a ${TAG_BYTES}-byte tag`);
    }
    this.sframe++;
    if (this.first === null) this.first = h.ctr;
    else if (this.last !== null && h.ctr <= this.last) this.notAbove++;
    this.last = h.ctr;
    if (this.lowest === null || h.ctr < this.lowest) this.lowest = h.ctr;
    if (this.highest === null || h.ctr > this.highest) this.highest = h.ctr;
    // RTP sequence numbers wrap at 2^16: extend each to the value nearest the last one seen (RFC 3550 A.1)
    const prev = this.#extSeq[p.kind];
    const seq = prev === null
      ? p.sequenceNumber
      : prev + ((((p.sequenceNumber - prev) % 65536) + 98304) % 65536) - 32768;
    this.#extSeq[p.kind] = prev === null ? seq : Math.max(prev, seq);
    if (this.#ordered[p.kind].length < TAP_ORDERED_FRAMES) this.#ordered[p.kind].push({ seq, ctr: h.ctr });
    if (this.#ctrs.has(h.ctr)) this.repeats++;
    this.#ctrs.add(h.ctr);
    if (this.#ctrs.size > RECENT_CTRS) this.#ctrs.delete(this.#ctrs.values().next().value!);
  }

  /** Frames of `kind` whose CTR is not above the one before in sequence-number order. */
  #inversions(kind: MediaKind): number {
    const xs = [...this.#ordered[kind]].sort((a, b) => a.seq - b.seq);
    let n = 0;
    for (let i = 1; i < xs.length; i++) if (xs[i]!.ctr <= xs[i - 1]!.ctr) n++;
    return n;
  }

  snapshot(): TapDirection {
    return {
      kid: String(this.kid),
      packets: { ...this.packets },
      frameStarts: { ...this.frameStarts },
      continuations: this.continuations,
      retransmissions: this.retransmissions,
      empty: this.empty,
      sframe: this.sframe,
      notSframe: this.notSframe,
      firstFault: this.firstFault ? { ...this.firstFault } : null,
      ctr: {
        first: this.first === null ? null : String(this.first),
        last: this.last === null ? null : String(this.last),
        increasing: this.notAbove === 0,
        notAbove: this.notAbove,
        lowest: this.lowest === null ? null : String(this.lowest),
        highest: this.highest === null ? null : String(this.highest),
        notAboveInKind: { audio: this.#inversions("audio"), video: this.#inversions("video") },
        repeats: this.repeats,
      },
      samples: this.samples.map((s) => ({ ...s })),
    };
  }
}

/**
 * A tap on a forwarded call (SPEC §13.9 FW1): give it every packet the call handles (`ForwardedCall.tap(t.see)`),
 * read what it saw with `snapshot()`. Never throws on a payload.
 */
export class RtpTap {
  readonly #dirs: Record<Direction, DirectionTap> = {
    // SPEC §13.4: the caller sends under KID 0, the callee under KID 1
    callerToCallee: new DirectionTap(SFRAME_KID.caller),
    calleeToCaller: new DirectionTap(SFRAME_KID.callee),
  };

  /** Counts one packet; bound, so it can be passed as a tap. */
  readonly see = (p: ForwardedPacket): void => {
    this.#dirs[p.direction]?.see(p);
  };

  /** What the tap saw so far (a copy). */
  snapshot(): TapSnapshot {
    return {
      callerToCallee: this.#dirs.callerToCallee.snapshot(),
      calleeToCaller: this.#dirs.calleeToCaller.snapshot(),
    };
  }
}
