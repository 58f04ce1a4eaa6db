/**
 * Call companion and transfer to another device (SPEC §4.5 CC9, F7): another endpoint of the requester's user is
 * rung with a service-placed call; on answer it joins as a listen-only companion, or takes the requester's place
 * (the requester leaves once the new device's leg is up, so the other party's media continues).
 */
import { ShieldCallError } from "../../errors.ts";
import type { Endpoint } from "../endpoints.ts";
import { type Args, deviceArg } from "./args.ts";
import type { CallCore } from "./core.ts";
import { type Slot, slotKey } from "./sessions.ts";
import type { Outcome } from "./transfer.ts";

/**
 * SPEC §4.5 (CC9): `companion` or `device-transfer` to the user's other endpoint(s), or the one named `args.device`.
 */
export function otherDevice(
  core: CallCore,
  ep: Endpoint,
  slot: Slot,
  args: Args,
  mode: "companion" | "device-transfer",
): Outcome {
  const s = core.activeSession(slot, mode);
  const device = deviceArg(mode, args);
  const inCall = new Set(s.members.map((m) => m.slot.call[m.slot.role].endpointId));
  const targets = core.endpoints.ofUser(ep.userId).filter((e) =>
    e.id !== ep.id && !inCall.has(e.id) && (device === null || e.device === device)
  );
  if (targets.length === 0) {
    throw new ShieldCallError(
      "USER_UNAVAILABLE",
      device === null ? `User "${ep.userId}" has no other device` : `User "${ep.userId}" has no device "${device}"`,
    );
  }
  const from = core.sessions.users(s).find((u) => u !== ep.userId) ?? ep.userId;
  return {
    result: { ringing: targets.map((t) => t.device) },
    after: () => {
      const call = core.originate({
        from,
        to: ep.userId,
        targets,
        via: { feature: mode, by: ep.userId },
        onAnswered: (c) => {
          s.pending.delete(c);
          if (s.members.length === 0 || core.sessions.of(slot) !== s) return core.endCall(c, "cancelled", null, null);
          const joined = { call: c, role: "callee" as const };
          if (mode === "companion") {
            core.sessions.add(s, core.member(joined, { listenOnly: true }));
            core.event(slot, "companion-joined", {
              device: core.endpoints.get(c.callee.endpointId ?? "")?.device ?? null,
            });
          } else {
            core.sessions.add(s, core.member(joined, { replaces: slotKey(slot) }));
          }
        },
        onFailed: (c, reason) => {
          s.pending.delete(c);
          core.event(slot, `${mode}-failed`, { reason });
        },
      });
      s.pending.add(call);
    },
  };
}
