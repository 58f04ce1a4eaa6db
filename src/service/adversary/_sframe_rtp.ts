/**
 * Where an SFrame ciphertext sits in an RTP payload of the SFrame profile, for the forwarder's adversary modes (SPEC
 * §8 sframe-*, §13.7): an audio payload (Opus) is one sealed frame, whole; a video payload (VP8) starts with its RTP
 * payload descriptor (RFC 7741 §4.2), and only the first packet of a frame carries the frame's start.
 */

/**
 * The length of the VP8 payload descriptor at the start of `payload` (RFC 7741 §4.2): one byte, plus with X the
 * extension byte and the PictureID (1 or 2 bytes, by its M bit), TL0PICIDX and TID/KEYIDX bytes it announces; null
 * when the payload is too short to hold what it announces.
 */
export function vp8DescriptorLength(payload: Uint8Array): number | null {
  if (payload.length < 1) return null;
  let n = 1;
  if (payload[0]! & 0x80) {
    if (payload.length < 2) return null;
    const ext = payload[1]!;
    n = 2;
    if (ext & 0x80) {
      if (payload.length < n + 1) return null;
      n += payload[n]! & 0x80 ? 2 : 1; // PictureID: M bit set → 15 bits
    }
    if (ext & 0x40) n += 1; // TL0PICIDX
    if (ext & 0x30) n += 1; // TID / Y / KEYIDX
  }
  return n <= payload.length ? n : null;
}

/** Where the media (after any descriptor) starts in a payload of `kind` (SPEC §13.7); null when it cannot be found. */
export function mediaStart(kind: "audio" | "video", payload: Uint8Array): number | null {
  return kind === "audio" ? 0 : vp8DescriptorLength(payload);
}
