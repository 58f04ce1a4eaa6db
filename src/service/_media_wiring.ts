/**
 * The media plane's state of one call (src/service/media_plane.ts): the adversary's hooks, the relay allocation, the
 * forwarder call or the processor legs, and what is held back until an SDP has passed (SPEC §4.2–§4.4, §8,
 * §13.11); and the caller's `accepted.e2ee`.
 */
import type { Bridge, ProcessorLeg } from "../processor/mod.ts";
import type { RelayAllocation } from "../relay/mod.ts";
import { base64urlEncode, fingerprintFromSdp, fingerprintToBytes } from "../crypto/mod.ts";
import type { AdversaryPlan } from "./adversary.ts";
import type { AdversaryPlay } from "./adversary/mod.ts";
import type { CallRecord, Role } from "./calls.ts";
import type { ForwarderEvidence, ForwardWiring } from "./_forward_wiring.ts";

/** One call's media wiring. */
export interface Wiring {
  plan: AdversaryPlan | null;
  /** SPEC §8: the adversary mode's hooks in this call ({} when no adversary plays: everything is forwarded). */
  play: AdversaryPlay;
  alloc: RelayAllocation | null;
  /** SPEC §13.11: the forwarder call of a `forwarder` call, and its tap. */
  fwd: ForwardWiring | null;
  legs: { caller: ProcessorLeg | null; callee: ProcessorLeg | null };
  bridge: Bridge | null;
  /** An anchored callee (mitm, anchor): the processor's offer toward the callee, sent after the reveal. */
  calleeOffer: string | null;
  /** SPEC §5.9: confirms the adversary could not answer yet (its leg's SDP had not passed); retried after each SDP. */
  heldConfirms: { role: Role; tag: string }[];
  /** A reveal the adversary holds until the caller's offer has gone to the callee (reorder). */
  heldReveal: string | null;
  /** Standard calls: the call's legs were bridged (SPEC §4.5: bridges belong to sessions, not calls). */
  bridged: boolean;
  /** SPEC §8 (mitm, protocol 3): the caller's leg made before its offer; the offer is answered from it. */
  callerAnchored?: ProcessorLeg;
  /** Counters of legs closed before the call ended (a side that left, SPEC §4.5). */
  closedLegs: { caller: unknown; callee: unknown };
  /** Evidence frozen when the call's media was released. */
  final?: MediaEvidence;
  /** SPEC §4.5 (CC3): legs whose offer/answer exchange completed; only these are bridged. */
  answered: Set<Role>;
}

/**
 * A call's media evidence (SPEC §4.1, §13.11): relay counters, processor leg counters, the forwarder's and its tap.
 */
export interface MediaEvidence {
  relay: unknown;
  processor: unknown;
  forwarder: ForwarderEvidence | null;
}

/** The wiring of a new call under `plan` (no adversary: null); its hooks are attached by the media plane. */
export function newWiring(plan: AdversaryPlan | null): Wiring {
  return {
    plan,
    play: {},
    alloc: null,
    fwd: null,
    legs: { caller: null, callee: null },
    answered: new Set(),
    bridge: null,
    calleeOffer: null,
    heldReveal: null,
    heldConfirms: [],
    bridged: false,
    closedLegs: { caller: null, callee: null },
  };
}

/**
 * SPEC §8 split: the party that gets a standard call while the other's leg is E2EE with the service, or null. Only
 * where the handshake got that far: the caller committed, and (the service playing the caller) the callee accepted
 * with its key; otherwise the call is whatever §4.2 makes it.
 */
export function splitStandard(call: CallRecord, play: AdversaryPlay): Role | null {
  if (call.e2ee.commit === null) return null;
  if (play.playCallee) return "callee";
  if (play.playCaller && call.e2ee.pk !== null) return "caller";
  return null;
}

/** The caller's `accepted.e2ee` (SPEC §6): the callee's pk, fp and chosen version, or what the adversary puts. */
export async function e2eeToCaller(
  call: CallRecord,
  w: Wiring,
): Promise<{ pk: string; fp: string | null; version: number; profile?: string }> {
  // SPEC §8 split toward the caller: the service plays the callee's side of the handshake.
  if (w.play.playCallee) {
    const e = await w.play.playCallee();
    return { ...e, fp: wireFp(e.fp) };
  }
  const pk = call.e2ee.pk!;
  const version = call.e2ee.version!;
  // SPEC §8: an adversary may give the caller another certificate's fingerprint (mitm: its caller leg's)
  const fp = w.play.fpToCaller ? wireFp(await w.play.fpToCaller(call.e2ee.fp!)) : call.e2ee.fp;
  return {
    pk: w.play.keyToCaller ? w.play.keyToCaller(pk) : pk,
    fp,
    version: w.play.versionToCaller ? w.play.versionToCaller(version) : version,
    // SPEC §13.10: the chosen profile goes to the caller exactly as received
    ...(call.e2ee.profile !== null ? { profile: call.e2ee.profile } : {}),
  };
}

/** A fingerprint as `accepted.e2ee.fp` carries it: canonical base64url of the 32 bytes (a normal form is converted). */
function wireFp(fp: string): string {
  return fp.includes(":") ? base64urlEncode(fingerprintToBytes(fp)) : fp;
}

/** The SDP's fingerprint for the log, or null when it has none. */
export function safeFingerprint(sdp: string): string | null {
  try {
    return fingerprintFromSdp(sdp);
  } catch {
    return null;
  }
}
