/**
 * Small SDP helpers for the processor: the local DTLS fingerprint and waiting for non-trickle gathering (UDP
 * candidates, SPEC §4.3 TR2).
 */
import { fingerprintFromSdp } from "../crypto/mod.ts";
import { ShieldCallError } from "../errors.ts";
import { type GatheringSource, udpGathered } from "../protocol/mod.ts";

/**
 * The sha-256 fingerprint of an SDP in normal form ("AB:CD:…", SPEC §5.7), or null when it has none or a bad one.
 */
export function sdpFingerprint(sdp: string | null | undefined): string | null {
  if (typeof sdp !== "string" || sdp === "") return null;
  try {
    return fingerprintFromSdp(sdp);
  } catch {
    return null;
  }
}

/** The parts of RTCPeerConnection that waitGathered() needs. */
export type GatheringTarget = GatheringSource;

/**
 * Resolves once the leg's SDP may be returned (SPEC §4.4 MP2, §4.3 TR2: non-trickle signaling, so the SDP carries
 * every UDP candidate; the legs connect over UDP, so libwebrtc's later TCP candidates are not waited for). Rejects
 * with INTERNAL after `timeoutMs`, or with BAD_STATE when `isClosed()` turns true while waiting.
 */
export async function waitGathered(
  pc: GatheringTarget,
  timeoutMs: number,
  what: string,
  isClosed: () => boolean,
  quietMs?: number,
): Promise<void> {
  const by = await udpGathered(pc, { timeoutMs, isClosed, ...(quietMs !== undefined ? { quietMs } : {}) });
  if (by === "closed") {
    throw new ShieldCallError("BAD_STATE", `Cannot finish ICE gathering for ${what}: the leg was closed`);
  }
  if (by === "timeout") {
    throw new ShieldCallError("INTERNAL", `ICE gathering for ${what} did not complete: waited ${timeoutMs} ms`);
  }
}
