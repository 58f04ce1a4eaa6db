/**
 * The web client's call flow after the invite (SPEC §6.1), one service message at a time per call: `accepted` in the
 * three topologies (relay: the DTLS-SRTP profile; processor: a standard call; forwarder: the SFrame profile, SPEC
 * §13.11), `reveal`, `confirm` and `sdp`, with the handshake steps of ./e2ee.ts.
 */
import type { ServerMessage } from "../protocol/mod.ts";
import { gathered, take, type WebCall } from "./call.ts";
import { answerOffer, openMedia } from "./_peer_connection.ts";
import * as hs from "./handshake.ts";
import * as e3 from "./e2ee.ts";
import { WebError } from "./signaling.ts";
import { MUTANT_OFFERED_FEATURES } from "./mutants.ts";

/** What the flow needs from the client: the E2EE host and the speech its media sends (SPEC §11.1). */
export interface FlowHost extends e3.E2eeHost {
  speech(): string;
  log(line: string): void;
}

const REVEAL_MS = 10_000;

/** Handles one of `accepted`, `reveal`, `confirm`, `sdp` for call `c`. Throws what ends the call (SPEC §5.8). */
export async function flow(h: FlowHost, c: WebCall, m: ServerMessage): Promise<void> {
  if (c.state === "ended") return;
  if (m.type === "accepted") {
    if (c.topology !== null) return;
    c.topology = m.topology;
    // mutant sframe-features-offered (./mutants.ts): a forwarder call offers what a standard call would
    const offered = m.topology === "forwarder" && h.sframe?.mutant === "sframe-features-offered";
    c.features = offered ? [...MUTANT_OFFERED_FEATURES] : [...m.features];
    c.state = "connecting";
    // SPEC §5.9: a standard call sends media at once; an E2EE call only once the peer's tag verified
    if (m.topology === "processor") await e3.gate(c, true);
    // a standard call after an SFrame offer: the transforms already attached pass frames unchanged
    if (m.topology === "processor" && c.profile === "sframe") h.sframe?.plain(c.callId);
    h.changed(c);
    if (m.topology === "forwarder") return await forwarderAccepted(h, c, m.e2ee);
    if (m.topology === "relay" && !c.keys) throw new WebError("E2EE_BAD_INPUT", "Relay call without a handshake");
    // SPEC §13.10: a relay call is never completed for an SFrame choice (the callee's; the caller checks its own)
    if (m.topology === "relay" && c.role === "callee" && c.profile === "sframe") {
      throw new WebError("E2EE_BAD_PROFILE", 'A relay call for the "sframe" profile');
    }
    if (c.role === "caller") {
      if (m.topology === "relay") {
        // SPEC §5.2, §6.1: pkA leaves only once pkB and fpB are held and checked
        await e3.callerAccepted(h, c, m.e2ee, "relay");
      } else {
        c.keys = undefined; // SPEC §2.1 P4: standard call, never a number
      }
      h.send({ type: "sdp", callId: c.callId, description: c.localOffer! });
      return;
    }
    if (m.topology === "processor") {
      c.keys = undefined;
      if (c.pendingOffer) return await answerOffer(c, take(c), h.speech(), h);
      // SPEC §6.1: the callee of a standard call offers on its own processor leg
      await offerOnLeg(h, c);
      return;
    }
    if (c.pendingOffer) await onOffer(h, c, take(c));
    return;
  }
  if (m.type === "reveal") {
    if (c.role !== "callee") return;
    if (c.revealedPk) throw new WebError("BAD_STATE", "A second reveal arrived");
    c.revealedPk = hs.b64uDecode(m.pk);
    if (c.topology === "forwarder") return await calleeKeys(h, c);
    if (c.pendingOffer && c.topology !== null) await onOffer(h, c, take(c));
    return;
  }
  if (m.type === "confirm") return await e3.onConfirm(h, c, m.tag);
  if (m.type !== "sdp") return;
  const d = m.description;
  if (c.topology === "relay" && c.derived && c.pc?.remoteDescription) {
    // SPEC §6.1: a later description must carry the bound fingerprint; otherwise it is ignored
    return e3.checkFingerprint(c.role === "caller" ? c.fpB : c.fpA, d.sdp);
  }
  if (d.type === "answer") {
    const pc = c.pc;
    if (!pc || !pc.localDescription || pc.remoteDescription) return;
    // SPEC §6.1: the answer's fingerprint must be the one bound from accept, BEFORE it is applied
    if (c.role === "caller" && c.topology === "relay") e3.checkFingerprint(c.fpB, d.sdp);
    // SPEC §13.10: in the forwarder topology the leg's answer is the forwarder's, bound to nothing
    await pc.setRemoteDescription(d);
    return;
  }
  const offer = { type: "offer" as const, sdp: d.sdp };
  if (c.topology === null) {
    c.pendingOffer = offer;
    return;
  }
  // SPEC §13.11: each endpoint offers on its own forwarder leg; an offer from the service has no place there
  if (c.topology === "forwarder") return h.log(`call ${c.callId}: an offer in a forwarder call is ignored`);
  await onOffer(h, c, offer);
}

/**
 * SPEC §6.1, §13.11: this side's offer on its own leg (processor or forwarder), the service's answer applied later.
 */
async function offerOnLeg(h: FlowHost, c: WebCall): Promise<void> {
  openMedia(c, h.speech(), h);
  await c.pc!.setLocalDescription(await c.pc!.createOffer());
  const sdp = await gathered(c.pc!);
  if ((c.state as string) !== "ended") h.send({ type: "sdp", callId: c.callId, description: { type: "offer", sdp } });
}

/**
 * SPEC §13.11 (SF9) `accepted` with topology `forwarder`: the SFrame profile only. The caller checks the choice,
 * derives, sends `reveal` and `confirm` (as in a relay call), then its offer; the callee offers on its leg and
 * derives on `reveal`. Neither waits for the other's description.
 */
async function forwarderAccepted(
  h: FlowHost,
  c: WebCall,
  e: Parameters<typeof e3.callerAccepted>[2],
): Promise<void> {
  if (!c.keys) throw new WebError("E2EE_BAD_INPUT", "Forwarder call without a handshake");
  if (c.role === "caller") {
    await e3.callerAccepted(h, c, e, "forwarder");
    // the offer made before the invite (its transforms attached), complete with candidates (SPEC §4.3 TR2)
    h.send({ type: "sdp", callId: c.callId, description: c.localOffer! });
    return;
  }
  // SPEC §13.10: the callee chose the profile; a forwarder call for another choice was not negotiated
  if (c.profile !== "sframe") throw new WebError("E2EE_BAD_PROFILE", "A forwarder call was not negotiated");
  c.pendingOffer = undefined;
  await offerOnLeg(h, c);
  if (c.revealedPk && !c.derived) await calleeKeys(h, c);
}

/** SPEC §13.11: the callee derives on `reveal` (commitment first, SPEC §5.2), then sends its `confirm` (§5.9). */
async function calleeKeys(h: FlowHost, c: WebCall): Promise<void> {
  if (!c.keys || c.derived || !c.pc) return; // before this side's own offer: derived once it is made
  await e3.calleeDerive(h, c);
  e3.sendConfirm(h, c);
}

/** An offer: the E2EE callee checks the reveal against the commitment before applying it (SPEC §5.2, V4). */
async function onOffer(h: FlowHost, c: WebCall, offer: { type: "offer"; sdp: string }): Promise<void> {
  if (c.role === "caller" && c.topology === "relay") return;
  if (c.role !== "callee" || c.topology !== "relay" || !c.keys) {
    return await answerOffer(c, offer, h.speech(), h);
  }
  if (!c.revealedPk) {
    c.pendingOffer = offer;
    c.timers.add(setTimeout(() => {
      if (c.pendingOffer === offer) {
        h.failClosed(c, new WebError("E2EE_COMMITMENT_MISMATCH", "No reveal arrived for the caller's offer"));
      }
    }, REVEAL_MS));
    return;
  }
  // SPEC §5.2: commitment first (before the low-order check and before any key is derived), then derive
  await e3.calleeDerive(h, c, offer.sdp);
  await answerOffer(c, offer, h.speech(), h, c.fpB);
  // SPEC §5.9: the callee's tag right after its answer
  e3.sendConfirm(h, c);
}
