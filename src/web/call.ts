/**
 * The web client's per-call record (SPEC §4.1 phases as the endpoint sees them, SPEC §7 CallState fields).
 */
import type { CallState } from "../protocol/mod.ts";
import type { Derived, KeyPair } from "./handshake.ts";
import { type LocalMedia, RemoteMedia } from "./media.ts";
import type { MediaProfile } from "./profiles.ts";
import type { CallReport } from "./sframe_calls.ts";
import { peerFramesOpen } from "./sframe_media.ts";

/** One call as the web client tracks it. */
export interface WebCall {
  callId: string;
  role: "caller" | "callee";
  peer: string;
  members: string[];
  state: "inviting" | "ringing" | "connecting" | "connected" | "ended";
  topology: "relay" | "processor" | "forwarder" | null;
  features: string[];
  endReason: string | null;
  endCode: string | null;
  /** SPEC §5.1: the ids that go into the transcript. */
  callerId: string;
  calleeId: string;
  pc?: RTCPeerConnection;
  local?: LocalMedia;
  remote: RemoteMedia;
  /** Caller: the offer whose fingerprint was committed, sent after `accepted`. */
  localOffer?: { type: "offer"; sdp: string };
  /** This side's handshake key pair: set only while this call takes part in E2EE. */
  keys?: KeyPair;
  /** Callee: the commitment and the offered versions from `incoming`; caller: the versions it offered. */
  commit?: Uint8Array;
  versions?: number[];
  /** The chosen version (callee: its choice; caller: from `accepted`). */
  version?: number;
  /** The callee's fingerprint bound into the handshake (callee: sent in `accept`; caller: from `accepted`). */
  fpB?: string;
  /** The caller's fingerprint: committed (caller) or checked against the commitment (callee). */
  fpA?: string;
  /** Caller: pkB from `accepted`. Callee: pkA from `reveal`. */
  pkB?: Uint8Array;
  revealedPk?: Uint8Array;
  pendingOffer?: { type: "offer"; sdp: string };
  /** SPEC §13.10: the offered profiles (caller: sent; callee: received), absent when none were offered. */
  profiles?: MediaProfile[];
  /** SPEC §13.10: the profile of this E2EE call (caller: intended, then accepted; callee: its choice). */
  profile?: MediaProfile;
  /** SPEC §13.6: the SFrame worker's latest counters of this call. */
  sframe?: CallReport;
  /** The indicator as last announced (an SFrame call's turns with the peer's frames, SPEC §13.11). */
  shown?: boolean;
  /** The number once shown: derived AND confirmed by the peer's tag (SPEC §5.9). */
  number?: string;
  /** SPEC §5.9: what this side derived (keys, tags, number). */
  derived?: Derived;
  /** SPEC §5.9: a peer tag kept until the keys are derived; one was seen; ours was sent. */
  peerTag?: Uint8Array;
  confirmSeen?: boolean;
  confirmSent?: boolean;
  /** SPEC §5.9: outgoing tracks by sender, held back (replaceTrack(null)) until the peer's tag verified. */
  senders?: { sender: RTCRtpSender; track: MediaStreamTrack }[];
  mediaReported: Set<string>;
  timers: Set<ReturnType<typeof setTimeout>>;
  queue: Promise<void>;
}

/** A new call record. */
export function call(
  init: { callId: string; role: "caller" | "callee"; peer: string; state: WebCall["state"] },
): WebCall {
  return {
    ...init,
    members: [init.peer],
    topology: null,
    features: [],
    endReason: null,
    endCode: null,
    callerId: "",
    calleeId: "",
    remote: new RemoteMedia(),
    mediaReported: new Set(),
    timers: new Set(),
    queue: Promise.resolve(),
  };
}

/**
 * SPEC §2.2 (V1): the indicator shows while, and only while, the media is E2EE: relay topology, a number from a
 * completed handshake, the PeerConnection connected, the call connected and not ended. SPEC §13.11 (SF9): in the
 * forwarder topology also a peer frame opened, and none failing to open for the last second with none opening.
 */
export function indicatorOn(c: WebCall, now = Date.now()): boolean {
  const live = c.state === "connected" && c.number !== undefined && c.pc?.connectionState === "connected";
  if (c.topology === "forwarder") return live && peerFramesOpen(c.sframe, now);
  return live && c.topology === "relay";
}

const GATHER_MS = 5_000;

export function take(c: WebCall): { type: "offer"; sdp: string } {
  const o = c.pendingOffer!;
  c.pendingOffer = undefined;
  return o;
}

export function closeMedia(c: WebCall): void {
  c.local?.close();
  c.local = undefined;
  if (c.pc) {
    c.pc.ontrack = null;
    c.pc.onconnectionstatechange = null;
    c.pc.close();
    c.pc = undefined;
  }
}

/**
 * SPEC §4.3 TR2: the local SDP once its UDP candidates are gathered — at gathering `complete`, when a TCP candidate
 * follows a UDP one, or 10 ms after the last UDP candidate, whichever comes first (TCP candidates MAY be left out);
 * bounded by GATHER_MS.
 */
export async function gathered(pc: RTCPeerConnection): Promise<string> {
  const transport = (line: string) => /^(?:a=)?candidate:\S+ \d+ (\S+) /i.exec(line)?.[1]?.toLowerCase();
  if (pc.iceGatheringState !== "complete") {
    await new Promise<void>((resolve) => {
      let udp = 0;
      let quiet: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(quiet);
        clearTimeout(bound);
        pc.removeEventListener("icecandidate", onCandidate);
        pc.removeEventListener("icegatheringstatechange", onState);
        resolve();
      };
      const onUdp = () => {
        udp++;
        clearTimeout(quiet);
        quiet = setTimeout(done, 10);
      };
      const onCandidate = (ev: RTCPeerConnectionIceEvent) => {
        const c = ev.candidate?.candidate;
        if (!c) return done();
        const t = transport(c);
        if (t === "udp") onUdp();
        else if (t === "tcp" && udp > 0) done();
      };
      const onState = () => {
        if (pc.iceGatheringState === "complete") done();
      };
      const bound = setTimeout(done, GATHER_MS);
      pc.addEventListener("icecandidate", onCandidate);
      pc.addEventListener("icegatheringstatechange", onState);
      // candidates gathered before we listened are already in the local description
      if ((pc.localDescription?.sdp ?? "").split(/\r?\n/).some((l) => transport(l) === "udp")) onUdp();
    });
  }
  return pc.localDescription!.sdp;
}

/** SPEC §4.5 CC2: `peer-changed` and `members` update the CallState. */
export function applyEvent(c: WebCall, name: string, data: Record<string, unknown>, self?: string): void {
  const isId = (u: unknown): u is string => typeof u === "string" && /^[A-Za-z0-9._:@-]{1,128}$/.test(u);
  if (name === "peer-changed" && isId(data.peer)) {
    c.peer = data.peer;
    if (c.members.length <= 1) c.members = [data.peer];
  } else if (name === "members" && Array.isArray(data.members)) {
    const others = [...new Set(data.members.filter((u): u is string => isId(u) && u !== self))].slice(0, 64);
    if (others.length === 0) return;
    c.members = others;
    if (!others.includes(c.peer)) c.peer = others[0]!;
  }
}

/** SPEC §7 CallState of a call; the number only while the indicator is on (SPEC §2.2 V1). */
export function snapshot(c: WebCall): CallState {
  const on = indicatorOn(c);
  return {
    callId: c.callId,
    role: c.role,
    peer: c.peer,
    state: c.state,
    topology: c.topology,
    e2ee: { indicator: on, number: on ? c.number ?? null : null },
    features: [...c.features],
    members: [...c.members],
    // SPEC §7: an E2EE call (relay topology) reports its media profile, DTLS-SRTP end to end (§4.3); a standard none.
    ...(c.topology === "relay" ? { profile: "dtls-srtp" as const } : {}),
    // SPEC §13.11 (SF9): a forwarder call is the SFrame profile, with the endpoint's SFrame counters (SPEC §13.6)
    ...(c.topology === "forwarder" ? { profile: "sframe" as const, sframe: sframeCounters(c.sframe) } : {}),
    endReason: c.endReason,
    endCode: c.endCode as CallState["endCode"],
    media: c.remote.counters(),
  };
}

/** SPEC §7 CallState `sframe`: the worker's counters (zero before its first report). */
function sframeCounters(r: CallReport | undefined): NonNullable<CallState["sframe"]> {
  const d = r?.dropped;
  return {
    sealed: r?.sealed ?? 0,
    opened: r?.opened ?? 0,
    dropped: { header: d?.header ?? 0, kid: d?.kid ?? 0, replay: d?.replay ?? 0, auth: d?.auth ?? 0 },
  };
}
