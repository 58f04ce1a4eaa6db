/**
 * DTLS certificate fingerprints taken from SDP (SPEC §5.7): parsing, normal form, raw bytes.
 */
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { ShieldCallError } from "../errors.ts";

/** A fingerprint as the handshake accepts it: normal-form text ("AB:CD:…") or its 32 raw bytes. */
export type FingerprintInput = string | Uint8Array;

/** Bytes in a sha-256 fingerprint (SPEC §5.1). */
export const FINGERPRINT_LENGTH = 32;

const FP_PATTERN = /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){31}$/;

function shortened(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/**
 * Normal form of a sha-256 fingerprint value: 32 upper-case hex pairs joined by ":" (SPEC §5.7).
 * @throws ShieldCallError E2EE_BAD_FINGERPRINT when `s` is not 32 colon-separated hex pairs
 */
export function normaliseFingerprint(s: string): string {
  if (typeof s !== "string") throw new TypeError("Fingerprint must be a string");
  // SPEC §5.7: whitespace is SP and HTAB only (not String.prototype.trim's Unicode set)
  const v = s.replace(/^[ \t]+|[ \t]+$/g, "");
  // SPEC §5.7: 32 colon-separated hex pairs (hex case-insensitive), normal form upper-case
  if (!FP_PATTERN.test(v)) {
    throw new ShieldCallError(
      "E2EE_BAD_FINGERPRINT",
      `Malformed sha-256 fingerprint "${shortened(v)}": expected 32 colon-separated hex pairs`,
    );
  }
  return v.toUpperCase();
}

/** The 32 raw bytes of a fingerprint given in text form (SPEC §5.1). */
export function fingerprintToBytes(fp: string): Uint8Array {
  return hexToBytes(normaliseFingerprint(fp).replaceAll(":", ""));
}

/** Normal-form text ("AB:CD:…") of 32 raw fingerprint bytes (SPEC §5.7). */
export function fingerprintFromBytes(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array)) throw new TypeError("Fingerprint bytes must be a Uint8Array");
  if (bytes.length !== FINGERPRINT_LENGTH) {
    throw new ShieldCallError(
      "E2EE_BAD_FINGERPRINT",
      `Fingerprint has the wrong length: ${bytes.length} bytes, expected ${FINGERPRINT_LENGTH}`,
    );
  }
  return bytesToHex(bytes).toUpperCase().match(/../g)!.join(":");
}

/** Raw bytes of a fingerprint given as text or bytes; bytes must be 32 long (SPEC §5.1). */
export function toFingerprintBytes(fp: FingerprintInput): Uint8Array {
  if (typeof fp === "string") return fingerprintToBytes(fp);
  fingerprintFromBytes(fp); // validates type and length
  return fp.slice();
}

/**
 * The DTLS fingerprint an SDP carries, in normal form (SPEC §5.7).
 * Every `a=fingerprint:` line (session and media level) must name sha-256 and carry the same value.
 * @throws ShieldCallError E2EE_BAD_FINGERPRINT when there is no line, a line is malformed or not sha-256,
 *   or the lines disagree
 * @example fingerprintFromSdp("v=0\r\n...a=fingerprint:sha-256 AB:CD:...\r\n") // "AB:CD:..."
 */
export function fingerprintFromSdp(sdp: string): string {
  if (typeof sdp !== "string") throw new TypeError("SDP must be a string");
  let found: string | undefined;
  // SPEC §5.7: lines end at LF; one CR just before the LF belongs to the line ending, any other CR to the line
  for (const line of sdp.split(/\r?\n/)) {
    // SPEC §5.7: "a=" is case-sensitive (RFC 8866 §5), the attribute name "fingerprint" is not
    if (!line.startsWith("a=") || line.slice(2, 14).toLowerCase() !== "fingerprint:") continue;
    // SPEC §5.7: SP and HTAB separate the tokens; runs before the first and after the last are ignored
    const parts = line.slice(14).replace(/^[ \t]+|[ \t]+$/g, "").split(/[ \t]+/);
    if (parts.length !== 2 || parts[0] === "") {
      throw new ShieldCallError(
        "E2EE_BAD_FINGERPRINT",
        `Malformed fingerprint line "${shortened(line)}": expected "a=fingerprint:sha-256 <hex pairs>"`,
      );
    }
    const [algorithm, value] = parts as [string, string];
    // SPEC §5.7: only sha-256 (case-insensitive) is accepted
    if (algorithm.toLowerCase() !== "sha-256") {
      throw new ShieldCallError(
        "E2EE_BAD_FINGERPRINT",
        `Unsupported fingerprint algorithm "${shortened(algorithm)}": only sha-256 is accepted`,
      );
    }
    const fp = normaliseFingerprint(value);
    // SPEC §5.7: all fingerprint lines of one SDP must be equal
    if (found !== undefined && found !== fp) {
      throw new ShieldCallError("E2EE_BAD_FINGERPRINT", `SDP fingerprint lines disagree: "${found}" and "${fp}"`);
    }
    found = fp;
  }
  if (found === undefined) {
    throw new ShieldCallError("E2EE_BAD_FINGERPRINT", "SDP has no fingerprint: no a=fingerprint line found");
  }
  return found;
}
