/**
 * Call records and the call state machine (SPEC §4.1). No I/O: the signaling layer drives it and sends messages.
 */
import { ShieldCallError } from "../errors.ts";
import type { ErrorCode } from "../errors.ts";
import type { MediaProfile } from "../protocol/mod.ts";

/** Call states in order (SPEC §4.1). */
export type CallPhase = "inviting" | "ringing" | "accepted" | "connected" | "ended";
/** Media topology chosen at accept time (SPEC §4.2, §13.11). */
export type Topology = "relay" | "processor" | "forwarder";

/** SPEC §4.2, §13.11: an E2EE call's topology (the relay, or the forwarder in the SFrame profile). */
export function isE2eeTopology(t: Topology | null): boolean {
  return t === "relay" || t === "forwarder";
}
/** A party of a call. */
export type Role = "caller" | "callee";

/** One timestamped entry of a call's log (SPEC §4.1: every transition is logged; conformance evidence). */
export interface CallLogEntry {
  at: number;
  event: string;
  detail?: Record<string, unknown>;
}

/**
 * One side of a call. SPEC §4.5: the service is a back-to-back user agent, so a side may be `virtual` (the service
 * plays it: the caller of a call it placed, or the parked/transferred party a retriever reaches) and a side's
 * endpoint may leave while the other side stays (`left` holds the reason, e.g. "transferred").
 */
export interface CallSide {
  userId: string;
  endpointId: string | null;
  virtual: boolean;
  left: string | null;
}

/** SPEC §4.5: why the service placed a call (shown to the rung endpoints as `incoming.via`). */
export interface CallVia {
  feature: string;
  by: string;
}

/** A call as the service tracks it. */
export interface CallRecord {
  id: string;
  phase: CallPhase;
  caller: CallSide;
  /** `rung`: endpoints ringing before the answer; `simRung`: those rung for a simultaneous-ring target (F9). */
  callee: CallSide & { rung: string[]; simRung: string[] };
  topology: Topology | null;
  /** E2EE fields as the service received them (base64url), for the topology decision and the evidence. */
  e2ee: {
    commit: string | null;
    /** SPEC §6: the caller's offered versions (`invite.e2ee.versions`), with its commitment. */
    versions: number[] | null;
    /** SPEC §13.10: the caller's offered profiles (`invite.e2ee.profiles`) as received; null when it sent none. */
    profiles: MediaProfile[] | null;
    pk: string | null;
    /** SPEC §6: the callee's fingerprint and chosen version (`accept.e2ee.fp`, `.version`), with its pk. */
    fp: string | null;
    version: number | null;
    /** SPEC §13.10: the callee's chosen profile (`accept.e2ee.profile`) as received; null when it sent none. */
    profile: MediaProfile | null;
    eligible: boolean;
    reasons: string[];
  };
  adversary: { mode: string; seed: number; actions: CallLogEntry[] } | null;
  media: { caller: "pending" | "connected" | "failed"; callee: "pending" | "connected" | "failed" };
  features: { active: string[]; refused: number };
  /** SPEC §4.5: set when the service placed this call for a feature. */
  via: CallVia | null;
  /** SPEC §4.5 (CC10): the call was answered by the callee's voicemail. */
  voicemail: boolean;
  createdAt: number;
  endedAt: number | null;
  endReason: string | null;
  endCode: ErrorCode | null;
  log: CallLogEntry[];
}

const ORDER: Record<CallPhase, number> = { inviting: 0, ringing: 1, accepted: 2, connected: 3, ended: 4 };

/** Holds every call of a service and enforces the legal transitions. */
export class CallRegistry {
  readonly #calls = new Map<string, CallRecord>();
  readonly #now: () => number;
  readonly #maxEnded: number;

  constructor(opts: { now?: () => number; maxEnded?: number } = {}) {
    this.#now = opts.now ?? (() => Date.now());
    this.#maxEnded = opts.maxEnded ?? 1000;
  }

  /** Creates a call in phase "inviting"; a call id already in use is refused with BAD_STATE. */
  create(init: {
    id: string;
    /** `endpointId` null: the service places the call itself (SPEC §4.5). */
    caller: { userId: string; endpointId: string | null };
    calleeUserId: string;
    commit: string | null;
    versions?: number[] | null;
    profiles?: MediaProfile[] | null;
    eligible: boolean;
    reasons: string[];
    via?: CallVia | null;
    /** The callee side is played by the service (a parked or transferred party, SPEC §4.5). */
    calleeVirtual?: boolean;
  }): CallRecord {
    if (this.#calls.has(init.id)) {
      throw new ShieldCallError("BAD_STATE", `Cannot create call "${init.id}": the id is in use`);
    }
    const now = this.#now();
    const call: CallRecord = {
      id: init.id,
      phase: "inviting",
      caller: { ...init.caller, virtual: init.caller.endpointId === null, left: null },
      callee: {
        userId: init.calleeUserId,
        endpointId: null,
        rung: [],
        simRung: [],
        virtual: init.calleeVirtual ?? false,
        left: null,
      },
      topology: null,
      e2ee: {
        commit: init.commit,
        versions: init.versions ?? null,
        profiles: init.profiles ?? null,
        pk: null,
        fp: null,
        version: null,
        profile: null,
        eligible: init.eligible,
        reasons: [...init.reasons],
      },
      adversary: null,
      media: { caller: "pending", callee: "pending" },
      features: { active: [], refused: 0 },
      via: init.via ?? null,
      voicemail: false,
      createdAt: now,
      endedAt: null,
      endReason: null,
      endCode: null,
      log: [],
    };
    this.#calls.set(call.id, call);
    this.log(call, "invite", {
      from: call.caller.userId,
      to: call.callee.userId,
      e2eeCommit: init.commit !== null,
      ...(init.profiles ? { profiles: init.profiles } : {}),
      eligible: init.eligible,
      reasons: init.reasons,
      ...(init.via ? { via: init.via } : {}),
    });
    this.#prune();
    return call;
  }

  /** The call with this id, or CALL_NOT_FOUND. */
  get(id: string): CallRecord {
    const call = this.#calls.get(id);
    if (!call) throw new ShieldCallError("CALL_NOT_FOUND", `No call "${id}"`);
    return call;
  }

  /** The call with this id, or undefined. */
  find(id: string): CallRecord | undefined {
    return this.#calls.get(id);
  }

  /** Every call, newest last. */
  list(): CallRecord[] {
    return [...this.#calls.values()];
  }

  /** Calls not yet ended. */
  live(): CallRecord[] {
    return this.list().filter((c) => c.phase !== "ended");
  }

  /**
   * Which role `userId`/`endpointId` plays in the call, or NOT_A_PARTY (SPEC §2.5 S1). Before the answer any rung
   * endpoint may act as the callee (simultaneous ring rings another user's endpoints too); after it only the
   * answering one. An endpoint whose side left the call (SPEC §4.5) gets BAD_STATE.
   */
  roleOf(call: CallRecord, userId: string, endpointId: string): Role {
    const role = this.#match(call, userId, endpointId);
    if (role === null) throw new ShieldCallError("NOT_A_PARTY", `Not a party of call "${call.id}"`);
    const left = call[role].left;
    if (left !== null) {
      throw new ShieldCallError("BAD_STATE", `Cannot act in call "${call.id}": this endpoint left it (${left})`, {
        state: "left",
      });
    }
    return role;
  }

  #match(call: CallRecord, userId: string, endpointId: string): Role | null {
    const a = call.caller;
    if (!a.virtual && a.userId === userId && a.endpointId === endpointId) return "caller";
    const b = call.callee;
    if (b.virtual) return null;
    if (b.endpointId === null) return b.rung.includes(endpointId) ? "callee" : null;
    return b.endpointId === endpointId && b.userId === userId ? "callee" : null;
  }

  /** True while the side has an endpoint in the call: not played by the service and not left. */
  attached(call: CallRecord, role: Role): boolean {
    const s = call[role];
    return !s.virtual && s.left === null && s.endpointId !== null && call.phase !== "ended";
  }

  /** Sees every entry as it is logged (the operator log of `serve`, src/service/log.ts). */
  onLog: ((call: CallRecord, event: string, detail?: Record<string, unknown>) => void) | null = null;

  /** Appends a timestamped entry to the call's log. */
  log(call: CallRecord, event: string, detail?: Record<string, unknown>): void {
    call.log.push(detail === undefined ? { at: this.#now(), event } : { at: this.#now(), event, detail });
    this.onLog?.(call, event, detail);
  }

  /** Checks that `call` is in one of `phases`, else BAD_STATE naming the action. Changes nothing. */
  expect(call: CallRecord, action: string, ...phases: CallPhase[]): void {
    if (!phases.includes(call.phase)) {
      throw new ShieldCallError("BAD_STATE", `Cannot ${action} call "${call.id}": state is "${call.phase}"`, {
        state: call.phase,
      });
    }
  }

  /** Moves the call forward to `phase` (never backwards) and logs the transition. */
  advance(call: CallRecord, phase: Exclude<CallPhase, "ended">, detail?: Record<string, unknown>): void {
    if (ORDER[phase] <= ORDER[call.phase]) {
      throw new ShieldCallError("BAD_STATE", `Cannot move call "${call.id}" from "${call.phase}" to "${phase}"`);
    }
    call.phase = phase;
    this.log(call, phase, detail);
  }

  /** Ends the call (idempotent: a second end is ignored and returns false). */
  end(call: CallRecord, reason: string, code: ErrorCode | null = null, by: string | null = null): boolean {
    if (call.phase === "ended") return false;
    call.phase = "ended";
    call.endedAt = this.#now();
    call.endReason = reason;
    call.endCode = code;
    this.log(call, "ended", { reason, code, by });
    return true;
  }

  /** Drops the oldest ended calls beyond the retention bound, so a long-running service stays bounded. */
  #prune(): void {
    const ended = this.list().filter((c) => c.phase === "ended");
    for (let i = 0; i < ended.length - this.#maxEnded; i++) this.#calls.delete(ended[i]!.id);
  }
}
