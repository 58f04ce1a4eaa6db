/**
 * The call flow of the reference peer after the invite (SPEC §4, §5, §6): what each side does on `accepted`,
 * `reveal` and `sdp`, and where the E2EE handshake meets the SDP it actually applied (SPEC §5.7). Every handler runs
 * inside the call's queue, so the messages of one call are handled in order.
 */
import { ShieldCallError } from "../errors.ts";
import { base64urlDecode, base64urlEncode, confirmKeys, fingerprintFromSdp, ownConfirm } from "../crypto/mod.ts";
import type { ClientMessage, ServerMessage } from "../protocol/mod.ts";
import type { PeerCall } from "./call.ts";
import type { MediaEngine, SessionDescription } from "./media_engine.ts";

type Accepted = Extract<ServerMessage, { type: "accepted" }>;

/** What the flow needs from the peer that owns the call. */
export interface FlowHost {
  /** This endpoint's user id. */
  readonly selfId: string;
  /** SPEC §5.9: checks the peer's confirmation tag (the peer's confirm strategy). */
  confirmCheck(
    role: "caller" | "callee",
    keys: NonNullable<PeerCall["confirmKeys"]>,
    th: Uint8Array,
    tag: Uint8Array,
  ): void;
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
  call.topology = msg.topology;
  // SPEC §5.9: key confirmation in this call (both parties speak protocol 2).
  call.confirm = msg.topology === "relay" && msg.confirm === true;
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
  // Relay: wait for the reveal and the caller's offer (reveal first).
  if (call.pendingOffer) await onOffer(host, call, takePending(call));
}

/** Caller on `accepted`: reveal pkA only now (SPEC §5.2), then send the committed offer. */
async function callerAccepted(host: FlowHost, call: PeerCall, msg: Accepted): Promise<void> {
  const hs = call.callerHs;
  if (msg.topology === "relay" && msg.e2ee && hs) {
    try {
      hs.acceptReceived(base64urlDecode(msg.e2ee.pk));
      // SPEC §5.2 (V4): pkA leaves the caller only after the callee's accept.
      host.send({ type: "reveal", callId: call.callId, pk: base64urlEncode(hs.reveal()) });
    } catch (e) {
      return host.failClosed(call, asHandshakeError(e));
    }
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
  if (desc.type === "answer") return await onAnswer(host, call, desc);
  if (call.topology === null) {
    call.pendingOffer = desc; // handled on `accepted`
    return;
  }
  await onOffer(host, call, desc);
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
    // SPEC §5.2 (V4), §5.7: check pkA and the fpA of the offer we are about to apply before any key is derived.
    hs.onReveal(call.revealedPk, fingerprintFromSdp(offer.sdp));
  } catch (e) {
    // SPEC §5.8: a reveal that does not match the commitment ends the call; no number, no indicator.
    return host.failClosed(call, asHandshakeError(e));
  }
  const engine = ensureEngine(host, call);
  await engine.startAnswer(offer);
  if (call.ended) return;
  // SPEC §5.7: both descriptions are now set; the number is derived while the UDP candidates are gathered (the
  // thread is idle then), and the key confirmation leaves after the answer.
  const gathered = engine.gatheredAnswer();
  gathered.catch(() => {}); // awaited below; a failed derivation ends the call first
  if (!deriveVerification(host, call, engine)) return;
  const answer = await gathered;
  if (call.ended) return;
  host.send({ type: "sdp", callId: call.callId, description: answer });
  announceVerification(host, call);
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

/** An answer to our offer; the E2EE caller derives its number from the two SDPs it applied (SPEC §5.7). */
async function onAnswer(host: FlowHost, call: PeerCall, answer: SessionDescription): Promise<void> {
  const engine = call.engine;
  if (!engine || engine.localSdp === null || engine.remoteSdp !== null) {
    return host.log(`call ${call.callId}: ignored an unexpected answer`);
  }
  const applied = engine.applyAnswer(answer);
  applied.catch(() => {}); // awaited below; a failed derivation ends the call first
  const e2ee = call.role === "caller" && call.topology === "relay" && call.callerHs !== undefined;
  // SPEC §5.7: the caller derives from the answer while libwebrtc applies it (the thread is idle then); nothing is
  // sent or shown before the description actually set is checked to carry the same fingerprint.
  // An answer whose fingerprint does not parse takes the path below, after it is applied, as before.
  const fpB = e2ee ? fingerprintOrNull(answer.sdp) : null;
  const derived = fpB !== null && deriveVerification(host, call, engine, fpB);
  await applied;
  if (call.ended || !e2ee) return;
  if (!derived) return deriveNumber(host, call, engine);
  if (fingerprintOrNull(engine.remoteSdp ?? "") !== fpB) {
    return host.failClosed(
      call,
      new ShieldCallError("E2EE_BAD_FINGERPRINT", "The answer applied is not the one the number was derived from"),
    );
  }
  announceVerification(host, call);
}

function fingerprintOrNull(sdp: string): string | null {
  try {
    return fingerprintFromSdp(sdp);
  } catch {
    return null;
  }
}

/** SPEC §5.4–§5.7: finish the handshake with the fingerprints of the local and remote SDP actually applied. */
function deriveNumber(host: FlowHost, call: PeerCall, engine: MediaEngine): void {
  if (deriveVerification(host, call, engine)) announceVerification(host, call);
}

/** The handshake's result from the SDPs applied (SPEC §5.7); false when there is none or the call failed closed. */
function deriveVerification(
  host: FlowHost,
  call: PeerCall,
  engine: MediaEngine,
  remoteFingerprint?: string | null,
): boolean {
  const hs = call.role === "caller" ? call.callerHs : call.calleeHs;
  if (!hs) return false;
  try {
    call.verification = hs.finish({
      localFingerprint: fingerprintFromSdp(engine.localSdp ?? ""),
      remoteFingerprint: remoteFingerprint ?? fingerprintFromSdp(engine.remoteSdp ?? ""),
    });
  } catch (e) {
    host.failClosed(call, asHandshakeError(e));
    return false;
  }
  return true;
}

/** SPEC §5.9: sends our key confirmation (checking a tag that came first); reports the number. */
function announceVerification(host: FlowHost, call: PeerCall): void {
  if (call.ended || !call.verification) return;
  if (call.confirm) {
    // SPEC §5.9: prove we hold this call's keys; the indicator waits for the peer's proof.
    const v = call.verification;
    call.confirmKeys = confirmKeys(v.sharedSecret, v.transcriptHash);
    host.send({
      type: "confirm",
      callId: call.callId,
      tag: base64urlEncode(ownConfirm(call.role, call.confirmKeys, v.transcriptHash)),
    });
    if (call.peerConfirm) return checkConfirm(host, call, call.peerConfirm);
  }
  host.changed(call);
}

/** SPEC §6 `confirm` (protocol version 2): the peer's tag; checked once our own number is derived. */
export function onConfirm(host: FlowHost, call: PeerCall, tag: string): void {
  if (!call.confirm || call.ended) return host.log(`call ${call.callId}: ignored "confirm"`);
  if (call.peerConfirm || call.confirmed) {
    return host.failClosed(call, new ShieldCallError("E2EE_CONFIRM_FAILED", "A second key confirmation arrived"));
  }
  let bytes: Uint8Array;
  try {
    bytes = base64urlDecode(tag);
  } catch (e) {
    return host.failClosed(
      call,
      new ShieldCallError("E2EE_CONFIRM_FAILED", `Key confirmation is not base64url: ${(e as Error).message}`),
    );
  }
  if (!call.confirmKeys) {
    call.peerConfirm = bytes;
    return;
  }
  checkConfirm(host, call, bytes);
}

/** SPEC §5.9: a tag that does not verify ends the call with E2EE_CONFIRM_FAILED (§5.8: fail closed). */
function checkConfirm(host: FlowHost, call: PeerCall, tag: Uint8Array): void {
  try {
    host.confirmCheck(call.role, call.confirmKeys!, call.verification!.transcriptHash, tag);
  } catch (e) {
    return host.failClosed(call, asHandshakeError(e));
  }
  call.confirmed = true;
  host.changed(call);
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
