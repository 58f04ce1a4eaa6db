/**
 * The front both media processors share (SPEC §4.4; §4.5 CC8, CC10): every argument and state rule of createLeg(),
 * bridge(), group() and voicemail() is applied here, in one order, so the in-process MediaProcessor and the
 * worker-backed ProcessorPool refuse the same calls with the same codes and messages. A subclass only says whether it
 * is closed, which legs are its own, and builds what passed.
 */
import { checkBridgeable, checkGroup, checkNewLeg, checkOpen, checkVoicemailLeg, notOwnLeg } from "./_checks.ts";
import { GROUP_DEFAULTS } from "./group.ts";
import type {
  Bridge,
  GroupBridge,
  GroupMemberSpec,
  Processor,
  ProcessorLeg,
  ProcessorStats,
  Voicemail,
} from "./types.ts";

/** A group member after the checks: the processor's own leg. */
export interface CheckedMember<L> {
  leg: L;
  key: string;
  speaks: boolean;
}

/** The options of voicemail(). */
export type VoicemailOptions = { callId: string; forUser: string; fromUser: string; maxSeconds?: number };

/** A processor's public methods with their rules; `L` is its own kind of leg. */
export abstract class ProcessorFront<L extends ProcessorLeg & { readonly bridgedBy: unknown; readonly closed: boolean }>
  implements Processor {
  abstract readonly outDir: string;
  /** The open legs by id; a subclass adds a leg it opened and removes it once it closed. */
  protected readonly openLegs = new Map<string, L>();
  /** Set once close() has begun. */
  protected closed = false;
  readonly #kind: abstract new (...args: never[]) => L;

  /** `kind`: the class of this processor's legs. */
  constructor(kind: abstract new (...args: never[]) => L) {
    this.#kind = kind;
  }

  protected abstract openLeg(legId: string, opts: { label?: string; affinity?: string }): ProcessorLeg;
  protected abstract openBridge(a: L, b: L, callId: string | undefined): Bridge;
  protected abstract openGroup(
    members: CheckedMember<L>[],
    opts: { callId?: string; minSlotMs?: number; maxSlotMs?: number },
  ): GroupBridge;
  protected abstract openVoicemail(leg: L, opts: VoicemailOptions): Voicemail;
  abstract stats(): ProcessorStats;
  abstract sync(): Promise<void>;
  abstract close(): Promise<void>;

  /**
   * Opens a leg: one RTCPeerConnection with an outgoing audio and video track added up front (SPEC §4.4).
   * Throws TypeError for an empty id; BAD_STATE when a leg with that id is open or the processor is closed.
   */
  createLeg(legId: string, opts: { label?: string; affinity?: string } = {}): ProcessorLeg {
    checkNewLeg(legId, this.closed, this.openLegs.has(legId));
    return this.openLeg(legId, opts);
  }

  /**
   * Forwards audio and video between two open legs of this processor, both ways (SPEC §4.4).
   * Throws BAD_STATE when either leg is closed or already forwarding in another bridge; TypeError when the
   * legs are not this processor's or are the same leg.
   */
  bridge(a: ProcessorLeg, b: ProcessorLeg, opts: { callId?: string } = {}): Bridge {
    checkOpen(this.closed, "bridge legs");
    const la = this.#own(a);
    const lb = this.#own(b);
    checkBridgeable(la, lb);
    return this.openBridge(la, lb, opts.callId);
  }

  /**
   * Forwards media among N open legs (SPEC §4.5 CC8): each member hears one other speaking member of another key
   * at a time, rotated at pauses. Throws BAD_STATE when a leg is closed or already bridged; TypeError for fewer
   * than two legs, a repeated leg or a leg of another processor; RangeError for slot bounds out of order.
   */
  group(
    members: GroupMemberSpec[],
    opts: { callId?: string; minSlotMs?: number; maxSlotMs?: number } = {},
  ): GroupBridge {
    checkOpen(this.closed, "bridge legs");
    const legs = members.map((m) => this.#own(m.leg));
    checkGroup(legs, opts, GROUP_DEFAULTS);
    return this.openGroup(members.map((m, i) => ({ leg: legs[i]!, key: m.key, speaks: m.speaks ?? true })), opts);
  }

  /** The open legs. */
  legs(): ProcessorLeg[] {
    return [...this.openLegs.values()];
  }

  /** `l` as this processor's own open leg: TypeError for another's, BAD_STATE for one of its own that closed. */
  #own(l: ProcessorLeg): L {
    if (!(l instanceof this.#kind) || this.openLegs.get(l.id) !== l) {
      throw notOwnLeg(l, l instanceof this.#kind && l.closed);
    }
    return l;
  }

  /**
   * Records what `leg` receives as a voicemail message for `forUser` (SPEC §4.5 CC10) until stop(). Throws
   * BAD_STATE when the leg is closed or bridged.
   */
  voicemail(leg: ProcessorLeg, opts: VoicemailOptions): Voicemail {
    checkOpen(this.closed, "record voicemail");
    const l = this.#own(leg);
    checkVoicemailLeg(l);
    return this.openVoicemail(l, opts);
  }
}
