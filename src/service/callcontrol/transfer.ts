/**
 * Hold and transfer (SPEC §4.5 CC5–CC6, F4): blind, safe (ring-back on no answer) and consult transfers re-bridge
 * the transferee's processor leg to the target's; the transferee's leg stays connected throughout.
 */
import { ShieldCallError } from "../../errors.ts";
import type { Endpoint } from "../endpoints.ts";
import { type Args, otherCallArg, reachable, timeoutArg, userArg } from "./args.ts";
import type { CallCore } from "./core.ts";
import { type Member, type Session, type Slot, slotKey } from "./sessions.ts";

/** What a feature handler returns: the `feature.result` payload, and what to do once it was sent. */
export interface Outcome {
  result: Record<string, unknown>;
  after?: () => void;
}

/** True while `m` is still a member of `s` (the session was not dissolved and the member did not leave). */
export function inSession(core: CallCore, s: Session, m: Member): boolean {
  return core.sessions.of(m.slot) === s;
}

/** SPEC §4.5 (CC4): a slot the service placed joins a waiting session next to `partner`, who is told its new peer. */
export function join(core: CallCore, s: Session, slot: Slot, partner: Member): void {
  s.state = "active";
  core.sessions.add(s, core.member(slot));
  core.event(partner.slot, "peer-changed", { peer: slot.call[slot.role].userId });
  core.sessions.rebuild(s);
}

/** SPEC §4.5 (CC6, CC7): rings `userId` back for the waiting `partner`; if nobody answers, the partner's call ends. */
export function ringBack(
  core: CallCore,
  s: Session,
  partner: Member,
  userId: string,
  feature: string,
  failure: string,
): void {
  const targets = core.endpoints.ofUser(userId);
  if (targets.length === 0) return fail(core, s, partner, failure, "unavailable");
  const call = core.originate({
    from: partner.userId,
    to: userId,
    targets,
    via: { feature, by: userId },
    onAnswered: (c) => {
      s.pending.delete(c);
      if (!inSession(core, s, partner)) return core.endCall(c, "cancelled", null, null);
      join(core, s, { call: c, role: "callee" }, partner);
    },
    onFailed: (c, reason) => {
      s.pending.delete(c);
      if (inSession(core, s, partner)) fail(core, s, partner, failure, reason);
    },
  });
  s.pending.add(call);
}

/** The waiting partner's call ends with `failure` (e.g. "transfer-failed"). */
function fail(core: CallCore, s: Session, partner: Member, failure: string, reason: string): void {
  core.event(partner.slot, failure, { reason });
  s.state = "active";
  core.evaluate(s, failure, null, null);
}

/** SPEC §4.5 (CC5): `hold` stops forwarding in the caller's session and keeps every leg up; `resume` restarts it. */
export function holdOrResume(core: CallCore, ep: Endpoint, slot: Slot, op: "hold" | "resume"): Outcome {
  const s = core.sessions.of(slot);
  if (!s) {
    throw new ShieldCallError(
      "BAD_STATE",
      `Cannot ${op} call "${slot.call.id}": its media does not pass through the service`,
    );
  }
  const want = op === "hold" ? "active" : "held";
  if (s.state !== want) {
    throw new ShieldCallError(
      "BAD_STATE",
      `Cannot ${op} call "${slot.call.id}": it is ${s.state === "active" ? "not held" : s.state}`,
    );
  }
  return {
    result: { held: op === "hold" },
    after: () => {
      s.state = op === "hold" ? "held" : "active";
      core.sessions.rebuild(s);
      for (const m of s.members) {
        if (slotKey(m.slot) !== slotKey(slot)) {
          core.event(m.slot, op === "hold" ? "held" : "resumed", { by: ep.userId });
        }
      }
    },
  };
}

/**
 * SPEC §4.5 (CC6, F4): blind and safe transfer. The requester leaves at once (`ended` "transferred"); the partner
 * waits (`event transferring`) while the target's endpoints ring with `via`; on answer the two are bridged and the
 * partner gets `peer-changed`. Unanswered: blind ends the partner's call ("transfer-failed"); safe rings the
 * requester back after `args.timeoutMs`.
 */
export function transfer(core: CallCore, ep: Endpoint, slot: Slot, args: Args, safe: boolean): Outcome {
  const feature = safe ? "transfer-safe" : "transfer-blind";
  // SPEC §4.5 (CC12): arguments first, then the session and the target.
  const to = userArg(core, feature, args);
  const timeoutMs = timeoutArg(feature, args, safe ? core.opts.safeTransferMs : core.opts.noAnswerMs);
  const { session, partner } = core.pairOf(slot, feature);
  if (to === ep.userId || to === partner.userId) {
    throw new ShieldCallError(
      "BAD_STATE",
      `Cannot transfer call "${slot.call.id}" to "${to}": that user is already in it`,
    );
  }
  const targets = reachable(core, to);
  return {
    result: { transferring: to, timeoutMs },
    after: () => {
      session.state = "waiting";
      core.event(partner.slot, "transferring", { by: ep.userId, to });
      core.leave(slot, "transferred", null, ep.userId);
      const call = core.originate({
        from: partner.userId,
        to,
        targets,
        via: { feature, by: ep.userId },
        timeoutMs,
        onAnswered: (c) => {
          session.pending.delete(c);
          if (!inSession(core, session, partner)) return core.endCall(c, "cancelled", null, null);
          join(core, session, { call: c, role: "callee" }, partner);
        },
        onFailed: (c, reason) => {
          session.pending.delete(c);
          if (!inSession(core, session, partner)) return;
          if (safe) ringBack(core, session, partner, ep.userId, feature, "transfer-failed");
          else fail(core, session, partner, "transfer-failed", reason);
        },
      });
      session.pending.add(call);
    },
  };
}

/**
 * SPEC §4.5 (CC6, F4): consult transfer. The requester has this call and `args.consultCallId`, both 1:1; its two
 * partners are bridged to each other, each gets `peer-changed`, and the requester leaves both calls.
 */
export function consultTransfer(core: CallCore, ep: Endpoint, slot: Slot, args: Args): Outcome {
  const feature = "transfer-consult";
  const other = otherCallArg(core, feature, args, "consultCallId", ep, slot.call);
  const a = core.pairOf(slot, feature);
  const b = core.pairOf(other, feature);
  if (a.session === b.session) {
    throw new ShieldCallError("BAD_STATE", `Calls "${slot.call.id}" and "${other.call.id}" are already joined`);
  }
  return {
    result: { transferred: true, to: b.partner.userId },
    after: () => {
      const p = a.partner;
      const q = b.partner;
      const joined = core.sessions.create([{ ...p }, { ...q }]);
      core.dissolve(a.session);
      core.dissolve(b.session);
      core.leave(slot, "transferred", null, ep.userId);
      core.leave(other, "transferred", null, ep.userId);
      core.event(p.slot, "peer-changed", { peer: q.userId });
      core.event(q.slot, "peer-changed", { peer: p.userId });
      core.sessions.rebuild(joined);
    },
  };
}
