/**
 * The web client's RTCPeerConnection per call (SPEC §4.3, §5.9, §6.1): made with the synthetic media held back by
 * the media gate, and answering an offer (the E2EE callee's answer bound to the fingerprint it sent in accept).
 */
import { closeMedia, gathered, type WebCall } from "./call.ts";
import * as e3 from "./e2ee.ts";
import type { E2eeHost } from "./e2ee.ts";
import { LocalMedia } from "./media.ts";

/** Applies `offer` and sends the answer; `boundFp`: the fingerprint the E2EE callee's answer carries (SPEC §6.1). */
export async function answerOffer(
  c: WebCall,
  offer: { type: "offer"; sdp: string },
  speech: string,
  host: E2eeHost,
  boundFp?: string,
): Promise<void> {
  if (c.pc && (c.pc.localDescription || c.pc.remoteDescription)) {
    // the service offered after we did (processor as offerer): start again as the answerer
    closeMedia(c);
  }
  openMedia(c, speech, host);
  await c.pc!.setRemoteDescription(offer);
  await c.pc!.setLocalDescription(await c.pc!.createAnswer());
  // SPEC §6.1: the E2EE callee's answer must carry the fingerprint it sent in accept
  if (boundFp !== undefined) e3.checkFingerprint(boundFp, c.pc!.localDescription!.sdp);
  const sdp = await gathered(c.pc!);
  if (c.state !== "ended") host.send({ type: "sdp", callId: c.callId, description: { type: "answer", sdp } });
}

/** The call's PeerConnection with the synthetic media attached (SPEC §4.3: no ICE servers). */
export function openMedia(c: WebCall, speech: string, host: E2eeHost): void {
  if (c.pc) return;
  const pc = (c.pc = new RTCPeerConnection({ iceServers: [] }));
  c.local = new LocalMedia(speech);
  // SPEC §5.9: every outgoing track starts held back (gate closed); opened by the topology or the peer's tag
  c.senders = c.local.stream.getTracks().map((track) => ({ sender: pc.addTrack(track, c.local!.stream), track }));
  // SPEC §13.7, §13.11: an SFrame call's senders and receivers all go through the client's one SFrame worker
  if (c.profile === "sframe" && c.topology !== "processor") host.sframe?.attach(c.callId, pc);
  // a standard call (topology known) sends at once, also from a PeerConnection made after `accepted`
  if (c.topology !== "processor") void e3.gate(c, false);
  pc.ontrack = (ev) => c.remote.attach(ev.track);
  pc.onconnectionstatechange = () => {
    if (c.pc !== pc || c.state === "ended") return;
    const s = pc.connectionState;
    if (s === "connected" && c.state === "connecting") c.state = "connected";
    if (s === "connected") e3.openSFrame(host, c); // SPEC §13.10: the SFrame gate, once the peer's tag verified
    if ((s === "connected" || s === "failed") && !c.mediaReported.has(s)) {
      c.mediaReported.add(s);
      host.send({ type: "media", callId: c.callId, state: s });
    }
    host.changed(c);
  };
}
