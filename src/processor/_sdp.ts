/**
 * Small SDP helpers for the processor: the local DTLS fingerprint and waiting for non-trickle gathering.
 */
import { fingerprintFromSdp } from "../crypto/mod.ts";
import { ShieldCallError } from "../errors.ts";

/** The sha-256 fingerprint of an SDP in normal form ("AB:CD:…", SPEC §5.7), or null when it has none or a bad one. */
export function sdpFingerprint(sdp: string | null | undefined): string | null {
  if (typeof sdp !== "string" || sdp === "") return null;
  try {
    return fingerprintFromSdp(sdp);
  } catch {
    return null;
  }
}

/** The parts of RTCPeerConnection that waitGathered() needs. */
export interface GatheringTarget {
  readonly iceGatheringState: string;
  readonly connectionState: string;
  addEventListener(type: string, fn: () => void): void;
  removeEventListener(type: string, fn: () => void): void;
}

/**
 * Resolves once ICE gathering is "complete" (SPEC §6: signaling is non-trickle, so an SDP is sent only with
 * every candidate in it). Rejects with INTERNAL after `timeoutMs`, or with BAD_STATE when `isClosed()` turns
 * true while waiting.
 */
export function waitGathered(pc: GatheringTarget, timeoutMs: number, what: string, isClosed: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    if (pc.iceGatheringState === "complete") return resolve();
    const check = () => {
      if (isClosed()) {
        done();
        reject(new ShieldCallError("BAD_STATE", `Cannot finish ICE gathering for ${what}: the leg was closed`));
      } else if (pc.iceGatheringState === "complete") {
        done();
        resolve();
      }
    };
    const poll = setInterval(check, 50); // also notices close(), which fires no gathering event
    const timer = setTimeout(() => {
      done();
      reject(new ShieldCallError("INTERNAL", `ICE gathering for ${what} did not complete: waited ${timeoutMs} ms`));
    }, timeoutMs);
    const done = () => {
      clearInterval(poll);
      clearTimeout(timer);
      pc.removeEventListener("icegatheringstatechange", check);
    };
    pc.addEventListener("icegatheringstatechange", check);
  });
}
