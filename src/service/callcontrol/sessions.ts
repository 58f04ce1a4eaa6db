/**
 * Media sessions of standard calls (SPEC §4.5 CC1–CC3): which call sides' processor legs hear each other. A session
 * joins sides of one or more calls; call-control features move sides between sessions and the session re-bridges the
 * legs — a pair bridge for two parties (recording, captions and transcription run there), a group bridge for more.
 */
import type { Bridge, GroupBridge, ProcessorLeg } from "../../processor/mod.ts";
import type { CallRecord, CallRegistry, Role } from "../calls.ts";
import type { MediaPlane } from "../media_plane.ts";

/** One side of one call: where an endpoint (or the service) sits (SPEC §4.5 CC1). */
export interface Slot {
  call: CallRecord;
  role: Role;
}

/** A slot's key; also the id of its processor leg. */
export function slotKey(s: Slot): string {
  return `${s.call.id}:${s.role}`;
}

/** A slot in a session. */
export interface Member {
  slot: Slot;
  userId: string;
  /** A companion device (F7): hears the call, is not heard. */
  listenOnly: boolean;
  /** Device transfer (F7): once this member's leg is ready, the member it replaces leaves. */
  replaces: string | null;
}

/**
 * SPEC §4.5 (CC2): `active` forwards media; `held` (hold) and `waiting` (a transfer, park or ring-back in progress)
 * forward nothing and keep a lone member in the call.
 */
export type SessionState = "active" | "held" | "waiting";

/** Sides whose media the processor joins. */
export interface Session {
  id: string;
  members: Member[];
  state: SessionState;
  /** Escalated to a group call (F6, F8); never E2EE. */
  group: boolean;
  bridge: { kind: "pair"; bridge: Bridge } | { kind: "group"; bridge: GroupBridge } | null;
  /** Features running on the pair bridge (F1–F3), with the call that asked. */
  features: Map<string, CallRecord>;
  /** Calls the service placed for this session and still rings (transfer target, ring-back, new participant). */
  pending: Set<CallRecord>;
  /** Run once when the session ends (e.g. forget a park code). */
  onEnd: Array<() => void>;
}

/** Sessions by slot. */
export class SessionRegistry {
  readonly #bySlot = new Map<string, Session>();
  readonly #media: () => MediaPlane;
  readonly #calls: CallRegistry;
  readonly #log: (line: string) => void;
  #seq = 0;

  constructor(o: { media: () => MediaPlane; calls: CallRegistry; log: (line: string) => void }) {
    this.#media = o.media;
    this.#calls = o.calls;
    this.#log = o.log;
  }

  /** A new session of `members` (each removed from any session it was in first). */
  create(members: Member[], opts: { id?: string; state?: SessionState; group?: boolean } = {}): Session {
    const s: Session = {
      id: opts.id ?? `${members[0]?.slot.call.id ?? "session"}.${++this.#seq}`,
      members: [],
      state: opts.state ?? "active",
      group: opts.group ?? false,
      bridge: null,
      features: new Map(),
      pending: new Set(),
      onEnd: [],
    };
    for (const m of members) this.add(s, m);
    return s;
  }

  /** The session a slot is in. */
  of(slot: Slot): Session | undefined {
    return this.#bySlot.get(slotKey(slot));
  }

  /** Adds a member (moving it out of its previous session, which is not re-bridged here). */
  add(s: Session, m: Member): void {
    const prev = this.#bySlot.get(slotKey(m.slot));
    if (prev && prev !== s) prev.members = prev.members.filter((x) => slotKey(x.slot) !== slotKey(m.slot));
    if (!s.members.some((x) => slotKey(x.slot) === slotKey(m.slot))) s.members.push(m);
    this.#bySlot.set(slotKey(m.slot), s);
  }

  /** Removes a slot from its session; returns the session (not re-bridged here). */
  remove(slot: Slot): Session | undefined {
    const key = slotKey(slot);
    const s = this.#bySlot.get(key);
    if (!s) return undefined;
    s.members = s.members.filter((m) => slotKey(m.slot) !== key);
    this.#bySlot.delete(key);
    return s;
  }

  /** Forgets an emptied or dissolved session: stops its bridge and runs its end hooks once. */
  drop(s: Session): void {
    for (const m of s.members) if (this.#bySlot.get(slotKey(m.slot)) === s) this.#bySlot.delete(slotKey(m.slot));
    s.members = [];
    this.retire(s);
    const hooks = s.onEnd.splice(0);
    for (const h of hooks) safely(h, this.#log);
  }

  /** Distinct users of the members. */
  users(s: Session): string[] {
    return [...new Set(s.members.map((m) => m.userId))];
  }

  /**
   * Stops the session's bridge. Features running on a pair bridge stop first and their outputs (recording manifest,
   * transcript) are written and logged in the asking call's log (SPEC §4.4 MP5).
   */
  retire(s: Session): void {
    const b = s.bridge;
    s.bridge = null;
    if (b === null) return;
    if (b.kind === "group") {
      void b.bridge.close();
      return;
    }
    const br = b.bridge;
    const outputs: Array<Promise<[string, CallRecord, unknown]>> = [];
    for (const [f, call] of s.features) {
      call.features.active = call.features.active.filter((x) => x !== f);
      if (f === "recording") outputs.push(br.stopRecording().then((r) => [f, call, r]));
      else if (f === "transcription") outputs.push(br.stopTranscription().then((r) => [f, call, r]));
      else if (f === "live-captions") br.stopCaptions();
    }
    s.features.clear();
    void Promise.allSettled(outputs).then((rs) => {
      for (const r of rs) {
        if (r.status === "fulfilled") {
          const [f, call, out] = r.value;
          this.#calls.log(call, "feature-outputs", { [f]: out });
        } else this.#log(`feature output failed: ${String(r.reason)}`);
      }
    });
    void br.close().catch((e) => this.#log(`bridge close failed: ${String(e)}`));
  }

  /**
   * SPEC §4.5 (CC3): re-bridges the session's ready legs — none while held or waiting, a pair bridge for two
   * speaking members of different users, a group bridge otherwise.
   */
  rebuild(s: Session): void {
    this.retire(s);
    if (s.state !== "active") return;
    const media = this.#media();
    const ready: Array<{ m: Member; leg: ProcessorLeg }> = [];
    for (const m of s.members) {
      const leg = media.legOf(m.slot.call, m.slot.role);
      if (leg && leg.stats().state !== "closed") ready.push({ m, leg });
    }
    if (new Set(ready.map((r) => r.m.userId)).size < 2) return;
    const pair = ready.length === 2 && ready.every((r) => !r.m.listenOnly);
    try {
      if (pair) {
        s.bridge = { kind: "pair", bridge: media.processor.bridge(ready[0]!.leg, ready[1]!.leg, { callId: s.id }) };
      } else {
        const members = ready.map((r) => ({ leg: r.leg, key: r.m.userId, speaks: !r.m.listenOnly }));
        s.bridge = { kind: "group", bridge: media.processor.group(members, { callId: s.id }) };
      }
    } catch (e) {
      this.#log(`cannot bridge session "${s.id}": ${String(e)}`);
      return;
    }
    const detail = { session: s.id, kind: s.bridge.kind, legs: ready.map((r) => r.leg.id) };
    for (const call of new Set(ready.map((r) => r.m.slot.call))) media.markBridged(call, detail);
  }
}

function safely(fn: () => void, log: (l: string) => void): void {
  try {
    fn();
  } catch (e) {
    log(`session hook failed: ${String(e)}`);
  }
}
