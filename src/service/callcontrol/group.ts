/**
 * Group calls (SPEC §4.5 CC8, F6, F8): merge joins a user's two standard calls into one group; add-participant
 * rings a third user into the call. A group call is never E2EE: every call in it is standard, and escalation from an
 * E2EE call is refused (FEATURE_DISABLED_E2EE).
 */
import { ShieldCallError } from "../../errors.ts";
import type { Endpoint } from "../endpoints.ts";
import { type Args, otherCallArg, reachable, userArg } from "./args.ts";
import type { CallCore } from "./core.ts";
import { type Slot, slotKey } from "./sessions.ts";
import type { Outcome } from "./transfer.ts";

/** SPEC §4.5 (CC8, F6): merges this call and `args.otherCallId` (both the requester's) into one group call. */
export function merge(core: CallCore, ep: Endpoint, slot: Slot, args: Args): Outcome {
  const other = otherCallArg(core, "merge", args, "otherCallId", ep, slot.call);
  const s1 = core.activeSession(slot, "merge");
  const s2 = core.activeSession(other, "merge");
  if (s1 === s2) {
    throw new ShieldCallError("BAD_STATE", `Calls "${slot.call.id}" and "${other.call.id}" are already joined`);
  }
  const members = [...s1.members, ...s2.members.filter((m) => slotKey(m.slot) !== slotKey(other))];
  const users = [...new Set(members.map((m) => m.userId))];
  return {
    result: { merged: true, members: users },
    after: () => {
      const g = core.sessions.create(members.map((m) => ({ ...m })), { group: true });
      core.dissolve(s1);
      core.dissolve(s2);
      core.leave(other, "merged", null, ep.userId);
      core.sessions.rebuild(g);
      core.announceMembers(g);
    },
  };
}

/** SPEC §4.5 (CC8, F8): rings `args.to` with a service-placed call; on answer the call becomes a group call. */
export function addParticipant(core: CallCore, ep: Endpoint, slot: Slot, args: Args): Outcome {
  const to = userArg(core, "add-participant", args);
  const s = core.activeSession(slot, "add-participant");
  if (core.sessions.users(s).includes(to)) {
    throw new ShieldCallError("BAD_STATE", `User "${to}" is already in call "${slot.call.id}"`);
  }
  const targets = reachable(core, to);
  return {
    result: { inviting: to },
    after: () => {
      const call = core.originate({
        from: ep.userId,
        to,
        targets,
        via: { feature: "add-participant", by: ep.userId },
        onAnswered: (c) => {
          s.pending.delete(c);
          if (s.members.length === 0) return core.endCall(c, "cancelled", null, null);
          s.group = true;
          core.sessions.add(s, core.member({ call: c, role: "callee" }));
          core.sessions.rebuild(s);
          core.announceMembers(s);
        },
        onFailed: (c, reason) => {
          s.pending.delete(c);
          core.event(slot, "participant-failed", { user: to, reason });
        },
      });
      s.pending.add(call);
    },
  };
}
