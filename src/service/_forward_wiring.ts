/**
 * The media plane's forwarder topology (SPEC §13.11, used by src/service/media_plane.ts): an E2EE call whose chosen
 * profile is `sframe` gets a forwarder call (§13.9) with one leg per party; each party offers on its own leg and the
 * service answers from it; a tap on the call is the evidence (FW1), kept with the counters (FW3) after the call ends.
 */
import { ShieldCallError } from "../errors.ts";
import {
  type CallStats,
  type ForwardedCall,
  type Forwarder,
  type PacketAlteration,
  RtpTap,
  type TapSnapshot,
} from "../forwarder/mod.ts";
import type { Role } from "./calls.ts";

/** SDP as carried in `sdp` messages. */
export interface Description {
  type: "offer" | "answer";
  sdp: string;
}

/** SPEC §13.11 (evidence): the forwarder's counters (FW3) and what its tap saw (FW1). */
export interface ForwarderEvidence {
  stats: CallStats;
  tap: TapSnapshot;
}

/** One call's forwarder call and its tap. */
export interface ForwardWiring {
  call: ForwardedCall;
  tap: RtpTap;
}

/**
 * SPEC §13.11 (routing): opens the forwarder call of `callId`, legs `caller` and `callee`, with a tap on it.
 * @throws ShieldCallError BAD_STATE when the forwarder is closed or already holds a call `callId`
 */
export function openForwarded(forwarder: Forwarder, callId: string, alter?: PacketAlteration): ForwardWiring {
  const call = forwarder.createCall(callId);
  const tap = new RtpTap();
  // SPEC §13.9 (FW1): every packet the call handles is seen by the tap (it decrypts nothing)
  call.tap(tap.see);
  // SPEC §8 sframe-*: an adversary plan alters the packets as they leave (never in an honest call)
  if (alter) call.alter(alter);
  return { call, tap };
}

/**
 * SPEC §13.11 (legs): answers the offer of `role` from its own leg; resolves with the complete answer (FW4).
 * @throws ShieldCallError BAD_STATE for an answer (the service never offers on a forwarder leg) or a second exchange
 *   on the leg; PROTO_INVALID for an offer that is not a usable SDP (the leg can still make its exchange)
 */
export async function answerOnLeg(fw: ForwardWiring, role: Role, d: Description): Promise<string> {
  if (d.type !== "offer") {
    throw new ShieldCallError(
      "BAD_STATE",
      `Cannot apply an SDP answer in call "${fw.call.id}": the forwarder offers nothing, the ${role} offers`,
    );
  }
  return await fw.call.leg(role).answer(d.sdp);
}

/** SPEC §13.11 (evidence): the counters and the tap of a forwarder call, open or closed (copies). */
export function forwarderEvidence(fw: ForwardWiring): ForwarderEvidence {
  return { stats: fw.call.stats(), tap: fw.tap.snapshot() };
}

/** Closes the forwarder call (its legs' sockets); resolves with its evidence once closed. */
export async function closeForwarded(fw: ForwardWiring): Promise<ForwarderEvidence> {
  await fw.call.close();
  return forwarderEvidence(fw);
}

/**
 * The `rtcConfig` of the service's forwarder legs: werift offers host candidates on the machine's interfaces, and
 * each leg also offers the service's own address, the one its endpoints already reach it on for signaling and the
 * relay's media (§4.3). On loopback (tests, the conformance suite, a one-machine demo) that is the only address
 * endpoints can reach in a container without interfaces; an unspecified bind address (0.0.0.0, ::) adds nothing.
 */
export function legRtcConfig(
  host: string,
  ipVersion: 0 | 4 | 6,
): { iceAdditionalHostAddresses?: string[]; iceUseIpv6?: boolean } {
  if (ipVersion === 0 || host === "0.0.0.0" || host === "::") return {};
  return { iceAdditionalHostAddresses: [host], iceUseIpv6: ipVersion === 6 };
}
