/**
 * The call flow of the reference peer after the invite (SPEC §4, §5, §6): what each side does on `accepted`,
 * `reveal` and `sdp`, and where the E2EE handshake meets the SDP it actually applied (SPEC §5.7). Every handler runs
 * inside the call's queue, so the messages of one call are handled in order.
 */
import { ShieldCallError } from "../errors.ts";
import {
  base64urlDecode,
  base64urlEncode,
  type CalleeHandshakeOptions,
  fingerprintFromSdp,
  type MediaProfileName,
  type verifyPeerConfirm,
} from "../crypto/mod.ts";
import type { ClientMessage, ServerMessage } from "../protocol/mod.ts";
import type { PeerCall } from "./call.ts";
import type { MediaEngine, SessionDescription } from "./media_engine.ts";
import { sendOwnConfirm } from "./confirm_flow.ts";
import type { CalleeSide, PeerStrategies } from "./strategies.ts";

type Accepted = Extract<ServerMessage, { type: "accepted" }>;

/** What the flow needs from the peer that owns the call. */
export interface FlowHost {
  /** This endpoint's user id. */
  readonly selfId: string;
  /** SPEC §5.9: checks the peer's confirmation tag (the peer's confirm strategy). */
  confirmCheck: typeof verifyPeerConfirm;
  /** SPEC §5.9: the confirmation deadline in ms (null: none; the strategy's). */
  readonly confirmDeadlineMs: number | null;
  /** SPEC §5.9: what a second `confirm` does (the strategy's). */
  onSecondConfirm: PeerStrategies["onSecondConfirm"];
  /** SPEC §6.1: the caller's answer-fingerprint check (the strategy's). */
  answerFingerprintCheck: PeerStrategies["answerFingerprintCheck"];
  /** How long the callee waits for `reveal` after the offer arrived, in ms. */
  readonly revealTimeoutMs: number;
  /** Sends a signaling message (false when the socket is closed). */
  send(msg: ClientMessage): boolean;
  /** Creates the call's media engine (tracks attached, sources running). */
  newEngine(call: PeerCall): MediaEngine;
  /** Reports a state change of the call (event `changed`). */
  changed(call: PeerCall): void;
  /** SPEC §5.8: ends the call on a handshake error, hanging up with the error's code. */
  failClosed(call: PeerCall, e: unknown): void;
  log(line: string): void;
}

/** SPEC §6 `accepted`: topology and offered features; then each side's next step (call-flow caller 3, callee 3). */
export async function onAccepted(host: FlowHost, call: PeerCall, msg: Accepted): Promise<void> {
  if (call.ended || call.topology !== null) return host.log(`call ${call.callId}: ignored a second "accepted"`);
  if (msg.topology === "forwarder") {
    // SPEC §13.10-§13.11: the reference peer offers and chooses only dtls-srtp, so no forwarder call was negotiated
    return host.failClosed(call, new ShieldCallError("E2EE_BAD_PROFILE", "A forwarder call was not negotiated"));
  }
  call.topology = msg.topology;
  // SPEC §2.4, §7: the features offered are the service's `accepted.features` as sent
  call.features = [...msg.features];
  call.state = "connecting";
  host.changed(call);
  if (call.role === "caller") return await callerAccepted(host, call, msg);
  // Callee.
  if (msg.topology === "processor") {
    // SPEC §4.2: a standard call; no handshake, no number, ever, on this call.
    call.calleeHs = undefined;
    if (call.pendingOffer) return await answerOffer(host, call, takePending(call));
    const engine = ensureEngine(host, call);
    const offer = await engine.createOffer();
    if (call.ended) return;
    // The service may have sent its own offer meanwhile; it is handled next in the queue.
    host.send({ type: "sdp", callId: call.callId, description: offer });
    return;
  }
  // SPEC §6.1: a relay call is only ever E2EE; without our handshake (we sent no key) it cannot go on
  if (!call.calleeHs) return host.failClosed(call, noHandshake(call));
  // Relay: wait for the reveal and the caller's offer (reveal first).
  if (call.pendingOffer) await onOffer(host, call, takePending(call));
}

/**
 * The media profiles the reference peer implements (SPEC §13.10): only dtls-srtp, its media being DTLS-SRTP end to
 * end (node-webrtc has no encoded-frame API for SFrame, §13.7).
 */
export const PEER_PROFILES: readonly MediaProfileName[] = Object.freeze(["dtls-srtp"]);

/**
 * SPEC §7, §13.10: the profile a call is placed with must be one this peer implements, so the reference never offers
 * sframe (a dtls-srtp caller omits `profiles`).
 * @throws ShieldCallError E2EE_BAD_PROFILE otherwise, before anything is sent
 */
export function checkOfferable(profile: MediaProfileName): void {
  // SPEC §13.10 (SF8): an implementation offers only profiles it implements; the reference implements dtls-srtp
  if (!PEER_PROFILES.includes(profile)) {
    throw new ShieldCallError("E2EE_BAD_PROFILE", `Cannot offer the media profile "${profile}": it is not implemented`);
  }
}

/**
 * SPEC §5.2, §13.10 (callee, on answer): its handshake's options from `incoming` — the commitment, the offered
 * versions and profiles as received — and the profiles it implements (it chooses among the offered ones when it is
 * created).
 */
export function calleeHandshakeOptions(call: PeerCall, calleeId: string): CalleeHandshakeOptions {
  const base = { callId: call.callId, callerId: call.peer, calleeId, commit: call.commit!, versions: call.versions! };
  // SPEC §13.10 (SF8): the offered profiles are bound; an sframe-first offer ends the call with E2EE_BAD_PROFILE
  return call.profiles === undefined
    ? { ...base, implements: PEER_PROFILES }
    : { ...base, profiles: call.profiles, implements: PEER_PROFILES };
}

/**
 * SPEC §6.1 (callee, on answer): the accept's `e2ee` — pkB, the fingerprint of the certificate this PeerConnection
 * will answer with (known before the offer: read from an offer that is never applied), the chosen version, and the
 * chosen profile exactly when the caller offered profiles (SPEC §13.10).
 */
export async function calleeAcceptFields(
  host: FlowHost,
  call: PeerCall,
  hs: CalleeSide,
): Promise<{ pk: string; fp: string; version: number; profile?: MediaProfileName }> {
  const certSdp = await ensureEngine(host, call).certificateSdp();
  const acc = hs.accept(fingerprintFromSdp(certSdp));
  const e2ee = { pk: base64urlEncode(acc.pk), fp: base64urlEncode(acc.fp), version: acc.version };
  // SPEC §13.10 (SF8): `accept.e2ee.profile` only when `incoming.e2ee.profiles` was received
  return acc.profile === undefined ? e2ee : { ...e2ee, profile: acc.profile };
}

/** SPEC §6.1: a relay `accepted` in a call without this side's handshake, or without the callee's e2ee fields. */
function noHandshake(call: PeerCall): ShieldCallError {
  return new ShieldCallError("E2EE_BAD_INPUT", `Relay call "${call.callId}" without a complete E2EE handshake`);
}

/**
 * Caller on `accepted` (SPEC §6.1): in a relay call it checks the chosen version and pkB (low-order before the
 * reveal), derives from its own pkA/fpA and the accept's pkB/fp, then sends `reveal`, its `confirm` and its offer.
 */
async function callerAccepted(host: FlowHost, call: PeerCall, msg: Accepted): Promise<void> {
  const hs = call.callerHs;
  if (msg.topology === "relay") {
    // SPEC §6.1: a relay call is only ever E2EE: no standard-call fallback in a call we committed in
    if (!hs || !msg.e2ee) return host.failClosed(call, noHandshake(call));
    try {
      // SPEC §5.2, §5.3, §6.1, §13.10: E2EE_BAD_VERSION / E2EE_BAD_PROFILE / E2EE_LOW_ORDER_KEY before pkA leaves
      call.verification = hs.acceptReceived(
        base64urlDecode(msg.e2ee.pk),
        base64urlDecode(msg.e2ee.fp),
        msg.e2ee.version,
        msg.e2ee.profile, // SPEC §13.10: we offered none, so anything but absent or dtls-srtp is E2EE_BAD_PROFILE
      );
      // SPEC §5.2 (V4): pkA leaves the caller only now that it holds pkB and fpB
      host.send({ type: "reveal", callId: call.callId, pk: base64urlEncode(hs.reveal()) });
    } catch (e) {
      return host.failClosed(call, asHandshakeError(e));
    }
    // SPEC §5.9: our tag as soon as the keys are known (no extra round trip)
    sendOwnConfirm(host, call);
  } else {
    // SPEC §2.1 (P4): a standard call; the caller forgets its handshake so no number can ever be shown.
    call.callerHs = undefined;
  }
  if (!call.localOffer) throw new ShieldCallError("BAD_STATE", `Call "${call.callId}" has no local offer`);
  // SPEC §4.3 TR2: the offer leaves complete (its UDP candidates gathered; usually done while the call rang).
  const offer = await call.localOffer;
  if (call.ended) return;
  host.send({ type: "sdp", callId: call.callId, description: offer });
}

/** SPEC §6 `reveal` (callee): remember pkA; a waiting offer is handled now. */
export async function onReveal(host: FlowHost, call: PeerCall, pk: string): Promise<void> {
  if (call.role !== "callee" || call.ended) return host.log(`call ${call.callId}: ignored "reveal"`);
  if (call.revealedPk) return host.failClosed(call, new ShieldCallError("BAD_STATE", "A second reveal arrived"));
  try {
    call.revealedPk = base64urlDecode(pk);
  } catch (e) {
    return host.failClosed(
      call,
      new ShieldCallError("E2EE_BAD_KEY", `Revealed key is not base64url: ${(e as Error).message}`),
    );
  }
  if (call.pendingOffer && call.topology !== null) await onOffer(host, call, takePending(call));
}

/** SPEC §6 `sdp`: an offer or an answer for this call. */
export async function onSdp(host: FlowHost, call: PeerCall, desc: SessionDescription): Promise<void> {
  if (call.ended) return;
  if (call.topology === "relay" && call.verification && call.engine?.remoteSdp) {
    // SPEC §6.1: a later description (renegotiation, ICE restart) must carry the fingerprint bound into the number
    return laterDescription(host, call, desc);
  }
  if (desc.type === "answer") return await onAnswer(host, call, desc);
  if (call.topology === null) {
    call.pendingOffer = desc; // handled on `accepted`
    return;
  }
  await onOffer(host, call, desc);
}

/** SPEC §6.1: either side; a later description whose fingerprint differs from the bound one ends the call. */
function laterDescription(host: FlowHost, call: PeerCall, desc: SessionDescription): void {
  const hs = call.role === "caller" ? call.callerHs : call.calleeHs;
  try {
    hs?.checkFingerprint(call.role === "caller" ? "callee" : "caller", fingerprintFromSdp(desc.sdp));
  } catch (e) {
    return host.failClosed(call, asHandshakeError(e));
  }
  host.log(`call ${call.callId}: ignored a later ${desc.type} (same fingerprint)`);
}

/** An offer after `accepted`: E2EE callee checks the reveal first (V4); otherwise answer it. */
async function onOffer(host: FlowHost, call: PeerCall, offer: SessionDescription): Promise<void> {
  if (call.role === "caller" && call.topology === "relay") {
    return host.log(`call ${call.callId}: ignored an offer to the caller of an E2EE call`);
  }
  const hs = call.calleeHs;
  if (call.role !== "callee" || call.topology !== "relay" || !hs) return await answerOffer(host, call, offer);
  if (!call.revealedPk) {
    // call-flow: the reveal arrives before the offer; give it a bounded moment, then fail closed.
    call.pendingOffer = offer;
    call.after(host.revealTimeoutMs, () => {
      if (call.pendingOffer === offer && !call.ended) {
        host.failClosed(
          call,
          new ShieldCallError("E2EE_COMMITMENT_MISMATCH", "No reveal arrived for the caller's offer"),
        );
      }
    });
    return;
  }
  try {
    // SPEC §5.2 (V4): versions, pkA and the fpA of the offer checked against the commitment BEFORE it is applied
    call.verification = hs.onReveal(call.revealedPk, fingerprintFromSdp(offer.sdp));
  } catch (e) {
    // SPEC §5.8: a reveal that does not match the commitment ends the call; no number, no indicator.
    return host.failClosed(call, asHandshakeError(e));
  }
  const engine = ensureEngine(host, call);
  await engine.startAnswer(offer);
  if (call.ended) return;
  try {
    // SPEC §6.1: our answer's fingerprint must be the fp we sent in `accept`
    hs.checkFingerprint("callee", fingerprintFromSdp(engine.localSdp ?? ""));
  } catch (e) {
    return host.failClosed(call, asHandshakeError(e));
  }
  const answer = await engine.gatheredAnswer();
  if (call.ended) return;
  host.send({ type: "sdp", callId: call.callId, description: answer });
  // SPEC §5.9: the callee's tag leaves right after its answer
  sendOwnConfirm(host, call);
  host.changed(call);
}

/** Answers an offer in a standard call (or an E2EE call without our handshake: never a number). */
async function answerOffer(host: FlowHost, call: PeerCall, offer: SessionDescription): Promise<void> {
  let engine = call.engine;
  if (engine && (engine.localSdp !== null || engine.remoteSdp !== null)) {
    // The service offered after we did (processor as offerer): start the leg again as the answerer.
    host.log(`call ${call.callId}: replacing our offer with the service's`);
    engine.close();
    engine = call.engine = host.newEngine(call);
  }
  engine ??= ensureEngine(host, call);
  const answer = await engine.acceptOffer(offer);
  if (call.ended) return;
  host.send({ type: "sdp", callId: call.callId, description: answer });
}

/** An answer to our offer; in an E2EE call its fingerprint must be the accept's fp BEFORE it is applied (§6.1). */
async function onAnswer(host: FlowHost, call: PeerCall, answer: SessionDescription): Promise<void> {
  const engine = call.engine;
  if (!engine || engine.localSdp === null || engine.remoteSdp !== null) {
    return host.log(`call ${call.callId}: ignored an unexpected answer`);
  }
  if (call.role === "caller" && call.topology === "relay") {
    try {
      // SPEC §6.1: every fingerprint in the answer equals accept's fp, else E2EE_FINGERPRINT_MISMATCH
      host.answerFingerprintCheck(call, fingerprintFromSdp(answer.sdp));
    } catch (e) {
      return host.failClosed(call, asHandshakeError(e));
    }
  }
  await engine.applyAnswer(answer);
  if (!call.ended) host.changed(call);
}

/** The call's engine, created on first use. */
function ensureEngine(host: FlowHost, call: PeerCall): MediaEngine {
  call.engine ??= host.newEngine(call);
  return call.engine;
}

function takePending(call: PeerCall): SessionDescription {
  const o = call.pendingOffer!;
  call.pendingOffer = undefined;
  return o;
}

/** A handshake failure as a ShieldCallError (SPEC §5.8: the code is the stated reason). */
function asHandshakeError(e: unknown): ShieldCallError {
  if (e instanceof ShieldCallError) return e;
  return new ShieldCallError("E2EE_BAD_INPUT", `Handshake failed: ${(e as Error)?.message ?? String(e)}`);
}
