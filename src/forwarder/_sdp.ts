/**
 * The forwarder's check of an endpoint's SDP before it reaches the packet stack (SPEC §13.9 FW4): a description
 * that is not one is refused with `PROTO_INVALID` and changes no state.
 */
import { fingerprintFromSdp } from "../crypto/mod.ts";
import { ShieldCallError } from "../errors.ts";

/** SPEC §13.9 (FW4): the largest SDP a leg accepts, in characters (a two-track offer is a few KiB). */
export const MAX_SDP_LENGTH = 65536;

/**
 * Checks that `sdp` is a session description a leg can apply: a string of at most MAX_SDP_LENGTH characters that
 * starts with `v=0`, has an audio or video m-line, and one sha-256 DTLS fingerprint (SPEC §5.7). Returns the
 * fingerprint in normal form.
 * @throws TypeError when `sdp` is not a string; ShieldCallError PROTO_INVALID for anything else
 */
export function checkSdp(sdp: unknown, what: string): string {
  if (typeof sdp !== "string") throw new TypeError(`${what} SDP must be a string`);
  const bad = (why: string) => new ShieldCallError("PROTO_INVALID", `${what} is not a usable SDP: ${why}`);
  // SPEC §13.9 (FW4): a description that is not one never reaches the packet stack
  if (sdp.length > MAX_SDP_LENGTH) throw bad(`${sdp.length} characters, more than ${MAX_SDP_LENGTH}`);
  if (!/^v=0\r?\n/.test(sdp)) throw bad('it does not start with "v=0"');
  if (!/^m=(audio|video) /m.test(sdp)) throw bad("it has no audio or video m-line");
  try {
    return fingerprintFromSdp(sdp); // SPEC §5.7: one sha-256 fingerprint, every line equal
  } catch (e) {
    throw bad(e instanceof Error ? e.message : String(e));
  }
}
