/**
 * The web client's per-call record (SPEC §4.1 phases as the endpoint sees them, SPEC §7 CallState fields).
 */
import type { KeyPair } from "./handshake.ts";
import { type LocalMedia, RemoteMedia } from "./media.ts";

/** One call as the web client tracks it. */
export interface WebCall {
  callId: string;
  role: "caller" | "callee";
  peer: string;
  members: string[];
  state: "inviting" | "ringing" | "connecting" | "connected" | "ended";
  topology: "relay" | "processor" | null;
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
  /** Callee: the commitment from `incoming`. */
  commit?: Uint8Array;
  /** The caller's fingerprint: committed (caller) or checked against the commitment (callee). */
  fpA?: string;
  /** Caller: pkB from `accepted`. Callee: pkA from `reveal`. */
  pkB?: Uint8Array;
  revealedPk?: Uint8Array;
  pendingOffer?: { type: "offer"; sdp: string };
  /** The number once shown: derived (v1), or derived and confirmed by the peer's tag (v2, SPEC §5.9). */
  number?: string;
  /** SPEC §5.9: the service announced key confirmation for this call (`accepted.confirm`). */
  confirm?: boolean;
  /** SPEC §5.9: the derived number and the peer tag it waits for. */
  derived?: { number: string; expect: Uint8Array };
  peerTag?: Uint8Array;
  mediaReported: Set<string>;
  timers: Set<ReturnType<typeof setTimeout>>;
  queue: Promise<void>;
}

/** A new call record. */
export function call(init: { callId: string; role: "caller" | "callee"; peer: string; state: WebCall["state"] }): WebCall {
  return {
    ...init, members: [init.peer], topology: null, features: [], endReason: null, endCode: null, callerId: "", calleeId: "",
    remote: new RemoteMedia(), mediaReported: new Set(), timers: new Set(), queue: Promise.resolve(),
  };
}

/**
 * SPEC §2.2 (V1): the indicator shows while, and only while, the media is E2EE: relay topology, a number from a
 * completed handshake, the PeerConnection connected, the call connected and not ended.
 */
export function indicatorOn(c: WebCall): boolean {
  return c.state === "connected" && c.topology === "relay" && c.number !== undefined && c.pc?.connectionState === "connected";
}
