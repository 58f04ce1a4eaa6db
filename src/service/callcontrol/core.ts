/**
 * Call control core (SPEC §4.5): the back-to-back user agent's bookkeeping shared by the hub and every call-control
 * feature — ending a whole call or one side of it, calls the service places itself, ring timers, sessions, and the
 * `event` messages that tell endpoints what changed.
 */
import { ShieldCallError } from "../../errors.ts";
import type { ErrorCode } from "../../errors.ts";
import { base64urlEncode } from "../../crypto/mod.ts";
import type { PolicyStore } from "../../policy/mod.ts";
import type { CallRecord, CallRegistry, CallVia, Role } from "../calls.ts";
import type { Endpoint, EndpointRegistry } from "../endpoints.ts";
import type { MediaPlane } from "../media_plane.ts";
import { type Member, type Session, SessionRegistry, type Slot, slotKey } from "./sessions.ts";
import { CallControlSettings } from "./settings.ts";
import type { Parked } from "./park.ts";
import { VoicemailService } from "./voicemail.ts";

/** Options of the call-control core. */
export interface CoreOptions {
  calls: CallRegistry;
  endpoints: EndpointRegistry;
  media: () => MediaPlane;
  store: PolicyStore;
  /** SPEC §4.1: ring timeout (default 30000). */
  noAnswerMs?: number;
  /**
   * SPEC §4.5 (CC6): how long a safe transfer rings the target before it rings the transferor back (default
   * 20000).
   */
  safeTransferMs?: number;
  /** SPEC §4.5 (CC7): how long a call stays parked before it rings the parker back (default 60000). */
  parkTimeoutMs?: number;
  /** SPEC §4.5 (CC10): longest voicemail message (default 120000). */
  voicemailMaxMs?: number;
  log: (line: string) => void;
}

/** What the service does when a call it placed is answered or not (SPEC §4.5 CC4). */
export interface Link {
  onAnswered(call: CallRecord): void;
  onFailed(call: CallRecord, reason: string): void;
}

/** A call the service places itself (SPEC §4.5 CC4). */
export interface Originate extends Link {
  /** The user shown as the caller (`incoming.from`). */
  from: string;
  to: string;
  targets: Endpoint[];
  via: CallVia;
  timeoutMs?: number;
}

/** A fresh call id for a call the service places: 22 random base64url chars, like a caller's (SPEC §6). */
export function newCallId(): string {
  return base64urlEncode(crypto.getRandomValues(new Uint8Array(16)));
}

/** The shared state and primitives of call control. */
export class CallCore {
  readonly calls: CallRegistry;
  readonly endpoints: EndpointRegistry;
  readonly store: PolicyStore;
  readonly sessions: SessionRegistry;
  readonly settings = new CallControlSettings();
  /** SPEC §4.5 (CC7): parked calls by pickup code. */
  readonly parks = new Map<string, Parked>();
  readonly voicemail: VoicemailService;
  readonly opts: Required<Omit<CoreOptions, "calls" | "endpoints" | "media" | "store" | "log">>;
  readonly log: (line: string) => void;
  readonly #media: () => MediaPlane;
  readonly #links = new Map<string, Link>();
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(o: CoreOptions) {
    this.calls = o.calls;
    this.endpoints = o.endpoints;
    this.store = o.store;
    this.#media = o.media;
    this.log = o.log;
    this.opts = {
      noAnswerMs: o.noAnswerMs ?? 30_000,
      safeTransferMs: o.safeTransferMs ?? 20_000,
      parkTimeoutMs: o.parkTimeoutMs ?? 60_000,
      voicemailMaxMs: o.voicemailMaxMs ?? 120_000,
    };
    this.sessions = new SessionRegistry({ media: o.media, calls: o.calls, log: o.log });
    this.voicemail = new VoicemailService(this);
  }

  /** The media plane. */
  get media(): MediaPlane {
    return this.#media();
  }

  // ---- messages ----

  /** Sends a message to an endpoint, if connected. */
  send(epId: string | null | undefined, msg: object): void {
    this.endpoints.send(epId, msg);
  }

  /** Sends `event {callId, name, data}` to the endpoint of a slot (SPEC §4.5 CC2). */
  event(slot: Slot, name: string, data?: Record<string, unknown>): void {
    if (!this.calls.attached(slot.call, slot.role)) return;
    this.send(slot.call[slot.role].endpointId, {
      type: "event",
      callId: slot.call.id,
      name,
      ...(data ? { data } : {}),
    });
  }

  /** SPEC §4.5 (CC8): tells every member of a group call who is in it. */
  announceMembers(s: Session): void {
    if (!s.group) return;
    const members = this.sessions.users(s);
    for (const m of s.members) this.event(m.slot, "members", { members });
  }

  /**
   * True when the invite is E2EE: the caller's commitment was forwarded and both sides are eligible (SPEC §4.5 CC11).
   */
  isE2eeInvite(call: CallRecord): boolean {
    return call.e2ee.commit !== null && call.e2ee.eligible;
  }

  /** True when `userId` is a user of this service. */
  userExists(userId: string): boolean {
    return this.store.listUsers().some((u) => u.id === userId);
  }

  /** A session member for a slot. */
  member(slot: Slot, opts: { listenOnly?: boolean; replaces?: string | null } = {}): Member {
    return {
      slot,
      userId: slot.call[slot.role].userId,
      listenOnly: opts.listenOnly ?? false,
      replaces: opts.replaces ?? null,
    };
  }

  // ---- timers ----

  /** Runs `fn` after `ms` under `key`, replacing any timer with that key. */
  timer(key: string, ms: number, fn: () => void): void {
    this.clearTimer(key);
    const t = setTimeout(() => {
      this.#timers.delete(key);
      try {
        fn();
      } catch (e) {
        this.log(`timer "${key}" failed: ${String((e as Error)?.stack ?? e)}`);
      }
    }, ms);
    this.#timers.set(key, t);
  }

  /** Cancels the timer under `key`. */
  clearTimer(key: string): void {
    const t = this.#timers.get(key);
    if (t) clearTimeout(t);
    this.#timers.delete(key);
  }

  /** Starts the ring timer of an unanswered call: on expiry it is unanswered with "no-answer". */
  ringTimer(call: CallRecord, ms = this.opts.noAnswerMs): void {
    this.timer(call.id, ms, () => {
      if (call.phase === "inviting" || call.phase === "ringing") this.unanswered(call, "no-answer", null);
    });
  }

  // ---- calls the service places ----

  /** SPEC §4.5 (CC4): rings `targets` with a service-chosen call id on behalf of `from`. */
  originate(o: Originate): CallRecord {
    const call = this.calls.create({
      id: newCallId(),
      caller: { userId: o.from, endpointId: null },
      calleeUserId: o.to,
      commit: null,
      eligible: false,
      reasons: ["service-placed"],
      via: o.via,
    });
    call.media.caller = "connected";
    call.callee.rung = o.targets.map((t) => t.id);
    this.#links.set(call.id, { onAnswered: o.onAnswered, onFailed: o.onFailed });
    void this.media.onInvite(call, null);
    for (const t of o.targets) this.send(t.id, { type: "incoming", callId: call.id, from: o.from, via: o.via });
    if (o.targets.length === 0) {
      queueMicrotask(() => this.unanswered(call, "unavailable", null));
    } else {
      this.ringTimer(call, o.timeoutMs);
    }
    return call;
  }

  /** After `accepted` (SPEC §4.2): a standard call's sides join a session, or the placing feature takes over. */
  afterAccept(call: CallRecord): void {
    if (call.topology !== "processor") return;
    const link = this.#links.get(call.id);
    this.#links.delete(call.id);
    if (link) return link.onAnswered(call);
    const slots: Slot[] = [{ call, role: "caller" }, { call, role: "callee" }];
    this.sessions.create(slots.map((s) => this.member(s)), { id: call.id });
  }

  /** SPEC §4.5: a standard call's leg answered: start its voicemail, finish a device transfer, or re-bridge. */
  legReady(call: CallRecord, role: Role): void {
    const slot = { call, role };
    if (this.voicemail.onLegReady(slot)) return;
    const s = this.sessions.of(slot);
    if (!s) return;
    const me = s.members.find((m) => slotKey(m.slot) === slotKey(slot));
    if (me?.replaces) {
      // SPEC §4.5 (CC9): device transfer — the old device leaves once the new one's leg is up.
      const old = s.members.find((m) => slotKey(m.slot) === me.replaces);
      me.replaces = null;
      if (old) return this.leave(old.slot, "moved", null, me.userId);
    }
    this.sessions.rebuild(s);
  }

  /**
   * An invite nobody answered (declined, no answer, every endpoint gone): voicemail, the placing feature, or the end.
   */
  unanswered(call: CallRecord, reason: string, by: string | null): void {
    if (call.phase !== "inviting" && call.phase !== "ringing") return;
    if (!this.#links.has(call.id) && this.voicemail.wants(call)) return this.voicemail.forward(call, reason);
    this.endCall(call, reason, null, by);
  }

  // ---- ending ----

  /** Ends a whole call: tells every attached endpoint, cancels ringing ones, releases its sides (SPEC §4.1). */
  endCall(call: CallRecord, reason: string, code: ErrorCode | null, by: string | null): void {
    const unanswered = call.callee.endpointId === null && !call.callee.virtual;
    const attached = (["caller", "callee"] as const).filter((r) => this.calls.attached(call, r));
    if (!this.calls.end(call, reason, code, by)) return;
    this.clearTimer(call.id);
    const msg: Record<string, unknown> = { type: "ended", callId: call.id, reason };
    if (code) msg.code = code;
    if (by) msg.by = by;
    for (const r of attached) this.send(call[r].endpointId, msg);
    if (unanswered) { for (const r of call.callee.rung) this.send(r, { type: "cancelled", callId: call.id, reason }); }
    const link = this.#links.get(call.id);
    this.#links.delete(call.id);
    this.voicemail.onCallEnded(call);
    for (const role of ["caller", "callee"] as const) {
      const s = this.sessions.remove({ call, role });
      if (s) this.evaluate(s, reason, code, by);
    }
    void this.media.onEnd(call).catch((e) => this.log(`media teardown: ${String(e)}`));
    if (link && unanswered) link.onFailed(call, reason);
  }

  /**
   * SPEC §4.5 (CC1): one side leaves the call — its endpoint gets `ended` with `reason`, its leg closes; the call
   * ends once no endpoint is left in it; the side's session is re-evaluated.
   */
  leave(slot: Slot, reason: string, code: ErrorCode | null, by: string | null): void {
    const { call, role } = slot;
    if (!this.calls.attached(call, role)) {
      const s = this.sessions.remove(slot);
      if (s) this.evaluate(s, reason, code, by);
      return;
    }
    const side = call[role];
    const msg: Record<string, unknown> = { type: "ended", callId: call.id, reason };
    if (code) msg.code = code;
    if (by) msg.by = by;
    this.send(side.endpointId, msg);
    side.left = reason;
    this.calls.log(call, "left", { role, reason, by });
    this.voicemail.stopSlot(slot);
    void this.media.closeLeg(call, role).catch((e) => this.log(`leg close: ${String(e)}`));
    const s = this.sessions.remove(slot);
    const other = role === "caller" ? "callee" : "caller";
    if (!this.calls.attached(call, other)) {
      if (this.calls.end(call, reason, code, by)) {
        this.clearTimer(call.id);
        this.#links.delete(call.id);
        this.voicemail.onCallEnded(call);
        void this.media.onEnd(call).catch((e) => this.log(`media teardown: ${String(e)}`));
      }
    }
    if (s) this.evaluate(s, reason, code, by);
  }

  /** An endpoint hangs up (or disconnects): cancels an unanswered call, else its side leaves (SPEC §4.1, §4.5). */
  hangup(call: CallRecord, role: Role, reason: string, code: ErrorCode | null, by: string | null): void {
    if (call.phase === "inviting" || call.phase === "ringing") return this.endCall(call, reason, code, by);
    const slot = { call, role };
    if (this.sessions.of(slot) || this.voicemail.has(slot)) return this.leave(slot, reason, code, by);
    this.endCall(call, reason, code, by);
  }

  // SPEC §4.1: a peer that disconnects leaves its calls; SPEC §4.5: the other parties' calls go on where they can.
  /** Endpoint `endpointId` of `userId` disconnected: its answered sides hang up, its ringing stops. */
  endpointGone(endpointId: string, userId: string): void {
    for (const call of this.calls.live()) {
      for (const role of ["caller", "callee"] as const) {
        if (call.phase !== "ended" && this.calls.attached(call, role) && call[role].endpointId === endpointId) {
          this.hangup(call, role, "disconnected", null, userId);
        }
      }
      if (call.phase !== "ended" && call.callee.endpointId === null && call.callee.rung.includes(endpointId)) {
        call.callee.rung = call.callee.rung.filter((r) => r !== endpointId);
        call.callee.simRung = call.callee.simRung.filter((r) => r !== endpointId);
        if (call.callee.rung.length === 0) this.unanswered(call, "unavailable", null);
      }
    }
  }

  /**
   * SPEC §4.5 (CC2): after a member left. A session that is not waiting needs two users: otherwise the rest leave
   * too (with the same reason). Companions of a user whose last full device left become full members.
   */
  evaluate(s: Session, reason: string, code: ErrorCode | null, by: string | null): void {
    for (const u of this.sessions.users(s)) {
      const mine = s.members.filter((m) => m.userId === u);
      if (mine.every((m) => m.listenOnly)) { for (const m of mine) m.listenOnly = false; }
    }
    if (s.members.length === 0 || (s.state !== "waiting" && this.sessions.users(s).length < 2)) {
      const rest = [...s.members];
      this.dissolve(s);
      for (const m of rest) this.leave(m.slot, reason, code, by);
      return;
    }
    this.sessions.rebuild(s);
    this.announceMembers(s);
  }

  /** Forgets a session: cancels the calls the service is still ringing for it and runs its end hooks. */
  dissolve(s: Session): void {
    const pending = [...s.pending];
    s.pending.clear();
    this.sessions.drop(s);
    for (const p of pending) this.endCall(p, "cancelled", null, null);
  }

  /**
   * SPEC §4.5 (CC2): the session of a slot in which a feature may change the call. BAD_STATE while media is not set
   * up, or while a transfer or park is in progress.
   */
  activeSession(slot: Slot, feature: string): Session {
    const s = this.sessions.of(slot);
    const why = !s
      ? "its media is not at the processor"
      : s.state === "waiting"
      ? "a transfer or park is in progress"
      : "";
    if (!s || why) throw new ShieldCallError("BAD_STATE", `Cannot use "${feature}" in call "${slot.call.id}": ${why}`);
    return s;
  }

  /**
   * The session of a slot for a feature that needs a 1:1 call: its one partner. BAD_STATE as activeSession() says,
   * and in a group call.
   */
  pairOf(slot: Slot, feature: string): { session: Session; partner: Member } {
    const s = this.activeSession(slot, feature);
    const others = s.members.filter((m) => slotKey(m.slot) !== slotKey(slot));
    if (others.length !== 1 || s.group) {
      throw new ShieldCallError("BAD_STATE", `Cannot use "${feature}" in call "${slot.call.id}": it is a group call`);
    }
    return { session: s, partner: others[0]! };
  }

  /** Ends every call and clears timers (service shutdown). */
  close(): void {
    for (const call of this.calls.live()) this.endCall(call, "service-shutdown", null, null);
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }
}
