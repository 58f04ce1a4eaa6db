/**
 * Child-process scenario for profile_test.ts (SPEC §13.10): one ReferencePeer against a scripted signaling service on
 * a real WebSocket, which plays the other endpoint through the service: an SFrame-offering caller (the peer answers)
 * or a callee that answers with a profile (the peer calls). Argument: the mode below, and optionally a broken variant
 * of the peer ("callee-drops-profiles", "caller-ignores-profile") to show the test catches it. Reports a RESULT line
 * with what the peer sent and its CallState, then closes everything and exits explicitly (node-webrtc teardown rule).
 *
 * Modes: "callee-sframe-first" (incoming profiles ["sframe","dtls-srtp"]); "callee-dtls-srtp-first" (["dtls-srtp",
 * "sframe"], then accepted/reveal/offer from a real PeerConnection, and the peer's confirm tag checked under the
 * caller's transcript); "caller-sframe" / "caller-dtls-srtp" (the peer places a call and is accepted with that
 * `accept.e2ee.profile`).
 */
import process from "node:process";
import wrtc from "@roamhq/wrtc";
import { WebSocketServer } from "ws";
import { exitChild, reportResult } from "../../_testing/child.ts";
import {
  base64urlDecode,
  base64urlEncode,
  CalleeHandshake,
  CallerHandshake,
  fingerprintFromSdp,
  generateKeyPair,
  verifyPeerConfirm,
} from "../../crypto/mod.ts";
import { ReferencePeer } from "../peer.ts";
import type { PeerVariant } from "../strategies.ts";

type Msg = Record<string, unknown>;
const mode = process.argv[2] ?? "callee-sframe-first";
const broken = process.argv[3];
const logs: string[] = [];
const sent: Msg[] = []; // what the peer sent the scripted service
const result: Record<string, unknown> = { mode, broken: broken ?? null };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The broken variants: each removes one SPEC §13.10 rule from the reference peer. */
const VARIANTS: Record<string, PeerVariant> = {
  // the callee ignores `incoming.e2ee.profiles`: it neither binds nor judges them
  "callee-drops-profiles": () => ({
    handshakes: { callee: (_call, opts) => new CalleeHandshake({ ...opts, profiles: undefined }) },
  }),
  // the caller does not look at `accepted.e2ee.profile`
  "caller-ignores-profile": () => ({
    handshakes: {
      caller: (_call, opts) => {
        const hs = new CallerHandshake(opts);
        return {
          get publicKey() {
            return hs.publicKey;
          },
          versions: hs.versions,
          commit: (fp) => hs.commit(fp),
          acceptReceived: (pk, fp, v) => hs.acceptReceived(pk, fp, v), // the fault: the profile is dropped
          reveal: () => hs.reveal(),
          checkFingerprint: (side, fp) => hs.checkFingerprint(side, fp),
        };
      },
    },
  }),
};

const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/signal`;
const self = mode.startsWith("callee") ? "bob" : "alice";
let socket: { send(s: string): void } | undefined;
const toPeer = (m: Msg) => socket!.send(JSON.stringify(m));
const waiters: Array<{ pred: (m: Msg) => boolean; resolve: (m: Msg) => void }> = [];
wss.on("connection", (ws) => {
  socket = ws;
  ws.on("message", (data) => {
    const m = JSON.parse(String(data)) as Msg;
    sent.push(m);
    if (m.type === "auth") {
      const settings = { visible: true, enabled: true };
      toPeer({ type: "welcome", userId: self, tenantId: "contoso", endpointId: `${self}-1`, settings });
    } else if (m.type === "settings.get") {
      toPeer({ type: "settings", rid: m.rid, visible: true, enabled: true, policy: "userControlled" });
    } else if (m.type === "invite") {
      toPeer({ type: "invited", rid: m.rid, callId: m.callId });
    } else if (m.type === "hangup") {
      toPeer({ type: "ended", callId: m.callId, reason: m.reason, ...(m.code ? { code: m.code } : {}) });
    }
    for (const w of waiters.splice(0)) {
      if (w.pred(m)) w.resolve(m);
      else waiters.push(w);
    }
  });
});
/** The next message the peer sends that matches `pred` (already sent or within `ms`), or null. */
function fromPeer(pred: (m: Msg) => boolean, ms = 8000): Promise<Msg | null> {
  const seen = sent.find(pred);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(null), ms);
    waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
  });
}

const peer = new ReferencePeer({
  serviceUrl: url,
  token: `${self}-token`,
  device: "d1",
  log: (l) => logs.push(l),
  ...(broken ? { variant: VARIANTS[broken] } : {}),
});
const pcs: RTCPeerConnection[] = [];
const CALL = "ProfileCall-0123456789";

/** A real SDP offer (audio + video, candidates gathered) from a node-webrtc PeerConnection, as the caller's. */
async function realOffer(): Promise<string> {
  const pc = new wrtc.RTCPeerConnection();
  pcs.push(pc);
  pc.addTransceiver("audio");
  pc.addTransceiver("video");
  await pc.setLocalDescription(await pc.createOffer());
  const deadline = Date.now() + 5000;
  while (pc.iceGatheringState !== "complete" && Date.now() < deadline) await sleep(50);
  return pc.localDescription!.sdp;
}

try {
  await peer.connect();
  if (mode === "callee-sframe-first" || mode === "callee-dtls-srtp-first") {
    const profiles = mode === "callee-sframe-first" ? ["sframe", "dtls-srtp"] : ["dtls-srtp", "sframe"];
    peer.on("incoming", (e) => void peer.answer(e.callId).catch((err) => (result.answerError = err.code)));
    const offer = await realOffer();
    const alice = new CallerHandshake({ callId: CALL, callerId: "alice", calleeId: "bob", profiles });
    const commit = base64urlEncode(alice.commit(fingerprintFromSdp(offer)));
    toPeer({ type: "incoming", callId: CALL, from: "alice", e2ee: { commit, versions: [3], profiles } });
    const accept = await fromPeer((m) => m.type === "accept" || m.type === "hangup");
    result.accept = accept?.type === "accept" ? accept : null;
    const e2ee = (accept?.type === "accept" ? accept.e2ee : undefined) as Msg | undefined;
    if (e2ee && mode === "callee-dtls-srtp-first") {
      // The caller's side of the call: derive from the accept, reveal, send the committed offer; check bob's tag.
      const v = alice.acceptReceived(
        base64urlDecode(e2ee.pk as string),
        base64urlDecode(e2ee.fp as string),
        e2ee.version as number,
        e2ee.profile as string | undefined,
      );
      toPeer({ type: "accepted", callId: CALL, topology: "relay", features: [] });
      toPeer({ type: "reveal", callId: CALL, pk: base64urlEncode(alice.reveal()) });
      toPeer({ type: "sdp", callId: CALL, description: { type: "offer", sdp: offer } });
      const confirm = await fromPeer((m) => m.type === "confirm" || m.type === "hangup");
      if (confirm?.type === "confirm") {
        try {
          verifyPeerConfirm("caller", v.confirmKeys, v.transcriptHash, base64urlDecode(confirm.tag as string));
          result.tagVerified = true;
        } catch (e) {
          result.tagVerified = (e as { code?: string }).code ?? String(e);
        }
      }
    }
    await fromPeer((m) => m.type === "hangup", accept?.type === "hangup" ? 0 : 300);
  } else {
    const profile = mode === "caller-sframe" ? "sframe" : "dtls-srtp";
    const callId = await peer.place("bob");
    result.invite = await fromPeer((m) => m.type === "invite");
    const pk = base64urlEncode(generateKeyPair().publicKey);
    const fp = base64urlEncode(crypto.getRandomValues(new Uint8Array(32)));
    toPeer({ type: "ringing", callId });
    toPeer({ type: "accepted", callId, topology: "relay", features: [], e2ee: { pk, fp, version: 3, profile } });
    result.reveal = (await fromPeer((m) => m.type === "reveal" || m.type === "hangup"))?.type ?? null;
  }
  await sleep(200);
  result.states = peer.calls().map((s) => ({ state: s.state, endCode: s.endCode, indicator: s.e2ee.indicator }));
  result.sent = sent.map((m) => m.type);
  result.hangup = sent.find((m) => m.type === "hangup") ?? null;
} catch (e) {
  result.error = (e as Error)?.stack ?? String(e);
}
await peer.close();
for (const pc of pcs) pc.close();
wss.close();
if (process.env.SCENARIO_LOGS) result.logs = logs;
reportResult(result);
exitChild(0);
