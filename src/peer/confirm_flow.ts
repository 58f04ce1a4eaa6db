/**
 * Key confirmation in the reference peer's call flow (SPEC §5.9, protocol 3): this side's tag leaves as soon as its
 * keys are derived, exactly once; the peer's tag is checked under the peer role's key and label, once; no outgoing RTP
 * media and no indicator before it verified; a deadline ends the call with E2EE_CONFIRM_FAILED.
 */
import { ShieldCallError } from "../errors.ts";
import { base64urlDecode, base64urlEncode, ownConfirm } from "../crypto/mod.ts";
import type { PeerCall } from "./call.ts";
import type { FlowHost } from "./call_flow.ts";

/** SPEC §5.9: a tag on the wire is 32 bytes in canonical base64url (43 chars). */
const TAG_PATTERN = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/**
 * SPEC §5.9: sends this side's tag (once keys are derived), arms the deadline, and checks a peer tag that came first.
 * The caller calls it after its `reveal`; the callee after its `sdp` answer.
 */
export function sendOwnConfirm(host: FlowHost, call: PeerCall): void {
  const v = call.verification;
  if (call.ended || !v || call.confirmSent) return;
  call.confirmSent = true;
  host.send({
    type: "confirm",
    callId: call.callId,
    tag: base64urlEncode(ownConfirm(call.role, v.confirmKeys, v.transcriptHash)),
  });
  const deadline = host.confirmDeadlineMs;
  if (deadline !== null) {
    // SPEC §5.9: the peer's tag must verify within 10 s of sending our own, else the call ends
    call.after(deadline, () => {
      if (!call.ended && !call.confirmed) {
        host.failClosed(
          call,
          new ShieldCallError("E2EE_CONFIRM_FAILED", `No verified key confirmation in ${deadline} ms`),
        );
      }
    });
  }
  if (call.peerConfirm) checkPeerTag(host, call, call.peerConfirm);
}

/**
 * SPEC §6 `confirm` from the service. Ignored (S2) in a standard call, or a call with no handshake; a malformed tag, a
 * second tag or one that does not verify ends the call with E2EE_CONFIRM_FAILED; one that arrives before the keys is
 * kept and checked then.
 */
export function onConfirm(host: FlowHost, call: PeerCall, tag: string): void {
  const hs = call.role === "caller" ? call.callerHs : call.calleeHs;
  if (call.ended || call.topology === "processor" || !hs) {
    return host.log(`call ${call.callId}: ignored "confirm" (no E2EE handshake in this call)`);
  }
  if (call.confirmSeen) {
    // SPEC §5.9: one tag per key; a second confirm (even identical, even after one verified) ends the call
    const err = host.onSecondConfirm(call);
    return err ? host.failClosed(call, err) : host.log(`call ${call.callId}: ignored a second "confirm"`);
  }
  call.confirmSeen = true;
  // SPEC §5.9: a malformed tag in an E2EE call ends it (it is not ignored as a schema-invalid frame)
  if (!TAG_PATTERN.test(tag)) {
    return host.failClosed(call, new ShieldCallError("E2EE_CONFIRM_FAILED", "The key confirmation is malformed"));
  }
  const bytes = base64urlDecode(tag);
  if (!call.verification) {
    call.peerConfirm = bytes; // SPEC §5.9: kept and checked once this side derived its keys
    return;
  }
  checkPeerTag(host, call, bytes);
}

/**
 * SPEC §5.9: a tag that does not verify ends the call (§5.8); one that does opens the media gate and the
 * indicator.
 */
function checkPeerTag(host: FlowHost, call: PeerCall, tag: Uint8Array): void {
  call.peerConfirm = undefined;
  const v = call.verification!;
  try {
    host.confirmCheck(call.role, v.confirmKeys, v.transcriptHash, tag);
  } catch (e) {
    return host.failClosed(
      call,
      e instanceof ShieldCallError ? e : new ShieldCallError("E2EE_CONFIRM_FAILED", String(e)),
    );
  }
  call.confirmed = true;
  host.changed(call);
}
