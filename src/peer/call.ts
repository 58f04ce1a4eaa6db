/**
 * One call as the reference peer holds it: role, phase, topology, handshake, media engine, and the CallState
 * snapshot the driver protocol reports (SPEC §7). The indicator rule lives here (SPEC §2.2 V1).
 */
import type { ErrorCode } from "../errors.ts";
import type { Verification } from "../crypto/mod.ts";
import { type CallState, isId } from "../protocol/mod.ts";
import type { MediaEngine, MediaStats, SessionDescription } from "./media_engine.ts";
import type { CalleeSide, CallerSide } from "./strategies.ts";

/** Call phases of SPEC §7 CallState.state. */
export type CallPhase = CallState["state"];
/** Topology of SPEC §4.2, null before `accepted`. */
export type CallTopology = "relay" | "processor" | "forwarder" | null;

/** SPEC §7 CallState.media.audio.digits is at most 4096 chars: keep the most recent. */
const MAX_DIGITS = 4096;
/** SPEC §6/§7: reasons are at most 200 chars. */
const MAX_REASON = 200;

const EMPTY_MEDIA: MediaStats = {
  audio: { framesReceived: 0, digits: "", carrier: false },
  video: { framesReceived: 0, decoded: 0, gaps: 0, maxGapMs: 0, latencyMs: null },
};

/** Mutable per-call record; the ReferencePeer drives its transitions. */
export class PeerCall {
  readonly callId: string;
  readonly role: "caller" | "callee";
  /** The other party's user id; SPEC §4.5: changes with `event peer-changed` (transfer, park retrieval, ...). */
  peer: string;
  /** SPEC §4.5: the other users in the call (more than one in a group call). */
  members: string[];
  state: CallPhase;
  topology: CallTopology = null;
  /** Features offered in this call (from `accepted`). */
  features: string[] = [];
  endReason: string | null = null;
  endCode: ErrorCode | null = null;
  engine: MediaEngine | undefined;
  /** Caller: its handshake, only when it committed in the invite. */
  callerHs: CallerSide | undefined;
  /**
   * Caller: the offer whose fingerprint was committed, complete once its UDP candidates are gathered (SPEC §4.3 TR2);
   * gathering runs on while the call rings, and the offer is sent after `accepted` (SPEC §6.1).
   */
  localOffer: Promise<SessionDescription> | undefined;
  /** Callee: the commitment from `incoming`, when present. */
  commit: Uint8Array | undefined;
  /** Callee: the caller's offered versions from `incoming`, with the commitment (SPEC §5.1). */
  versions: number[] | undefined;
  /** Callee: the caller's offered media profiles from `incoming`, when it sent any (SPEC §13.10). */
  profiles: string[] | undefined;
  /** Callee: its handshake, only when it sent its key in the accept. */
  calleeHs: CalleeSide | undefined;
  /** Callee: pkA from `reveal`. */
  revealedPk: Uint8Array | undefined;
  /** An offer waiting for `accepted` or for the reveal. */
  pendingOffer: SessionDescription | undefined;
  /** The derived verification (E2EE calls only). */
  verification: Verification | undefined;
  /** SPEC §5.9: the peer's tag, when it arrived before this side derived its keys (checked then). */
  peerConfirm: Uint8Array | undefined;
  /** SPEC §5.9: a peer tag has arrived in this call (one tag per key: any later one ends the call). */
  confirmSeen = false;
  /** SPEC §5.9: this side sent its own tag (exactly once per call). */
  confirmSent = false;
  /** SPEC §5.9: the peer's tag verified. */
  confirmed = false;
  /** What the peer told the service about its media (`media` message), so each is sent once. */
  mediaReported = new Set<"connected" | "failed">();
  /** Timers owned by this call (cleared at end). */
  timers = new Set<ReturnType<typeof setTimeout>>();
  #queue: Promise<void> = Promise.resolve();

  /** Creates a call record in its first phase. */
  constructor(init: { callId: string; role: "caller" | "callee"; peer: string; state: CallPhase }) {
    this.callId = init.callId;
    this.role = init.role;
    this.peer = init.peer;
    this.members = [init.peer];
    this.state = init.state;
  }

  /** True once the call ended (final). */
  get ended(): boolean {
    return this.state === "ended";
  }

  /** SPEC §2.4 (F1–F10): the call is E2EE from the moment the service chose the relay topology. */
  get isE2ee(): boolean {
    return this.topology === "relay";
  }

  /**
   * SPEC §2.2 (V1): the indicator shows while, and only while, the call's media is E2EE: relay topology, a number
   * derived from a completed handshake, the PeerConnection connected, and the call not ended; SPEC §5.9, §6.1: and
   * the peer's tag verified (protocol 3: always).
   */
  get indicator(): boolean {
    return this.state === "connected" && this.topology === "relay" && this.verification !== undefined &&
      this.confirmed && this.engine?.connectionState === "connected";
  }

  /**
   * SPEC §4.5: applies a call-control event — `peer-changed {peer}` names the new other party; `members {members}`
   * lists the users of a group call (`self` is left out; the peer stays when still a member).
   */
  applyEvent(name: string, data: Record<string, unknown>, self: string | undefined): void {
    if (name === "peer-changed" && isId(data.peer)) {
      this.peer = data.peer;
      if (this.members.length <= 1) this.members = [data.peer];
    } else if (name === "members" && Array.isArray(data.members)) {
      const others = [...new Set(data.members.filter((u): u is string => isId(u) && u !== self))].slice(0, 64);
      if (others.length === 0) return;
      this.members = others;
      if (!others.includes(this.peer)) this.peer = others[0]!;
    }
  }

  /** Runs `task` after every earlier task of this call (messages of one call are handled in order). */
  enqueue(task: () => Promise<void>, onError: (e: unknown) => void): Promise<void> {
    const next = this.#queue.then(task).catch(onError);
    this.#queue = next;
    return next;
  }

  /** Schedules `fn` after `ms`, cancelled when the call ends. */
  after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /**
   * Ends the call: records the reason, forgets the handshakes and the number, stops timers and closes the media.
   * Returns false when it had already ended.
   */
  end(reason: string, code: ErrorCode | null): boolean {
    if (this.ended) return false;
    this.state = "ended";
    this.endReason = reason.slice(0, MAX_REASON) || "ended";
    this.endCode = code;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.callerHs = undefined;
    this.calleeHs = undefined;
    this.pendingOffer = undefined;
    this.engine?.close();
    return true;
  }

  /** The SPEC §7 CallState of this call. */
  snapshot(): CallState {
    const indicator = this.indicator;
    const m = this.engine?.stats() ?? EMPTY_MEDIA;
    return {
      callId: this.callId,
      role: this.role,
      peer: this.peer,
      state: this.state,
      topology: this.topology,
      // SPEC §2.2 (V1): the number is shown only together with the indicator.
      e2ee: { indicator, number: indicator ? this.verification?.number ?? null : null },
      features: [...this.features],
      members: [...this.members],
      // SPEC §7: an E2EE call reports its media profile (DTLS-SRTP end to end, §4.3); a standard call none.
      ...(this.isE2ee ? { profile: "dtls-srtp" as const } : {}),
      endReason: this.endReason,
      endCode: this.endCode,
      media: {
        // The carrier is "present" only while the call lives; counters stay as they were at the end.
        audio: { ...m.audio, digits: m.audio.digits.slice(-MAX_DIGITS), carrier: m.audio.carrier && !this.ended },
        video: { ...m.video, latencyMs: m.video.latencyMs === null ? null : Math.max(0, m.video.latencyMs) },
      },
    };
  }
}
