/**
 * The media plane's state of one call (src/service/media_plane.ts): the adversary's hooks, the relay allocation or
 * the processor legs, and what is held back until an SDP has passed (SPEC §4.2–§4.4, §8).
 */
import type { Bridge, ProcessorLeg } from "../processor/mod.ts";
import type { RelayAllocation } from "../relay/mod.ts";
import type { AdversaryPlan } from "./adversary.ts";
import type { AdversaryPlay } from "./adversary/mod.ts";
import type { CallRecord, Role } from "./calls.ts";

/** One call's media wiring. */
export interface Wiring {
  plan: AdversaryPlan | null;
  /** SPEC §8: the adversary mode's hooks in this call ({} when no adversary plays: everything is forwarded). */
  play: AdversaryPlay;
  alloc: RelayAllocation | null;
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
  final?: { relay: unknown; processor: unknown };
  /** SPEC §4.5 (CC3): legs whose offer/answer exchange completed; only these are bridged. */
  answered: Set<Role>;
}

/** The wiring of a new call under `plan` (no adversary: null); its hooks are attached by the media plane. */
export function newWiring(plan: AdversaryPlan | null): Wiring {
  return {
    plan,
    play: {},
    alloc: null,
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
