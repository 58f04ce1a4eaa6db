/**
 * What the forwarder saw, judged (SPEC §13.9 FW1): every payload it handled must be an SFrame ciphertext of the
 * profile that opens under no key the forwarder could hold, and carry none of the media in clear. A verifier in the
 * house style: it returns expected and actual, and never throws on a bad payload.
 */
import { decodeHeader, profileContext, SFRAME_KID, type SFrameSenderKeys } from "../crypto/sframe/mod.ts";

/** The verdict on what a forwarder saw. */
export interface CiphertextVerdict {
  ok: boolean;
  /** How many payloads were judged. */
  checked: number;
  expected: string;
  actual: string;
  /** The index of the first payload that failed, when one did. */
  index?: number;
}

/** How to judge. */
export interface CiphertextCheck {
  /** Bytes every plaintext media frame of the call starts with or contains (the synthetic media's marker). */
  plaintextMarker: Uint8Array;
  /** Key sets the forwarder could know or guess; a payload that opens under one of them is not opaque to it. */
  forwarderKeys: readonly SFrameSenderKeys[];
  /** The AEAD tag length of the profile's suite (SPEC §13.2: 16). */
  tagLength?: number;
}

function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0) return true;
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

/** Why `payload` is not an opaque SFrame ciphertext to the forwarder, or null when it is. */
function fault(payload: Uint8Array, check: CiphertextCheck): string | null {
  let header;
  try {
    header = decodeHeader(payload);
  } catch (e) {
    return `no SFrame header (${e instanceof Error ? e.message : String(e)})`;
  }
  // SPEC §13.4: the profile's senders use KID 0 (caller) and 1 (callee)
  if (header.kid !== SFRAME_KID.caller && header.kid !== SFRAME_KID.callee) return `KID "${header.kid}" is no sender's`;
  const tag = check.tagLength ?? 16;
  if (payload.length < header.length + tag) return `${payload.length} bytes cannot hold a header and a ${tag}-byte tag`;
  if (contains(payload, check.plaintextMarker)) return "the media marker is in clear";
  for (const keys of check.forwarderKeys) {
    // a fresh context per try: the replay window of one payload must not hide another
    for (const role of ["caller", "callee"] as const) {
      try {
        profileContext(role, keys).open(payload);
        return `it opens under a key the forwarder could hold (KID "${header.kid}")`;
      } catch {
        // expected: the forwarder cannot open it
      }
    }
  }
  return null;
}

/**
 * Judges every payload a forwarder handled (SPEC §13.9 FW1): ok when each is an SFrame ciphertext under a sender's
 * KID, long enough to hold its tag, without the media marker in clear, and opens under none of `forwarderKeys`.
 * An empty list is not ok: a forwarder that saw nothing proves nothing.
 */
export function seenOnlyCiphertext(payloads: readonly Uint8Array[], check: CiphertextCheck): CiphertextVerdict {
  const expected = "every forwarded payload is an SFrame ciphertext the forwarder cannot open";
  if (payloads.length === 0) return { ok: false, checked: 0, expected, actual: "the forwarder handled no payload" };
  for (let i = 0; i < payloads.length; i++) {
    const why = fault(payloads[i]!, check);
    if (why !== null) return { ok: false, checked: i + 1, expected, actual: `payload ${i}: ${why}`, index: i };
  }
  return { ok: true, checked: payloads.length, expected, actual: `${payloads.length} payloads, all ciphertext` };
}
