/**
 * What the protocol-3 adversary modes read from the service's record of a call (SPEC §6: the caller's offered
 * `versions`, the callee's `fp` and chosen `version` from its accept), whatever the record's exact shape.
 */
import { base64urlDecode, fingerprintFromBytes, SUPPORTED_VERSIONS } from "../../crypto/mod.ts";
import type { CallRecord } from "../calls.ts";

type V3Fields = { versions?: readonly number[] | null; fp?: string | null; version?: number | null };

/** The caller's offered versions as the service received them (this release's list when the record lacks them). */
export function offeredVersions(call: CallRecord): readonly number[] {
  return (call.e2ee as V3Fields).versions ?? SUPPORTED_VERSIONS;
}

/** The callee's accept: its DTLS fingerprint (SPEC §5.7 normal form) and chosen version, or null before the accept. */
export function calleeAccept(call: CallRecord): { fp: string; version: number } | null {
  const e = call.e2ee as V3Fields;
  if (typeof e.fp !== "string" || typeof e.version !== "number") return null;
  // SPEC §6: `accept.e2ee.fp` is the 32 fingerprint bytes as base64url
  const fp = e.fp.includes(":") ? e.fp : fingerprintFromBytes(base64urlDecode(e.fp));
  return { fp, version: e.version };
}

/** SPEC §13.10: the caller's offered profiles as the service received them (undefined: none offered). */
export function offeredProfiles(call: CallRecord): readonly string[] | undefined {
  return call.e2ee.profiles ?? undefined;
}

/** SPEC §13.10: whether the caller committed with zero fingerprints (sframe first: an SFrame call or none). */
export function sframeFirst(call: CallRecord): boolean {
  return call.e2ee.profiles?.[0] === "sframe";
}
