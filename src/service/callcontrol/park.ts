/**
 * Call park (SPEC §4.5 CC7, F5): the requester leaves, the partner waits, the requester gets a pickup code; any
 * endpoint of the same tenant retrieves the call by inviting `park:<code>`; an unretrieved park rings the parker back.
 */
import { ShieldCallError } from "../../errors.ts";
import { FEATURES, PARK_PREFIX } from "../../protocol/mod.ts";
import type { ClientMessage } from "../../protocol/mod.ts";
import type { Endpoint } from "../endpoints.ts";
import { type Args, timeoutArg } from "./args.ts";
import type { CallCore } from "./core.ts";
import type { Member, Session, Slot } from "./sessions.ts";
import { join, type Outcome, ringBack } from "./transfer.ts";

/** A parked call. */
export interface Parked {
  code: string;
  session: Session;
  partner: Member;
  by: string;
  tenantId: string;
}

/** SPEC §4.5 (CC7): pickup codes are 6 decimal digits. */
function newCode(taken: Map<string, Parked>): string {
  for (;;) {
    const n = crypto.getRandomValues(new Uint32Array(1))[0]! % 1_000_000;
    const code = String(n).padStart(6, "0");
    if (!taken.has(code)) return code;
  }
}

/** SPEC §4.5 (CC7): parks the requester's 1:1 call; result `{code, timeoutMs}`. */
export function park(core: CallCore, ep: Endpoint, slot: Slot, args: Args): Outcome {
  const timeoutMs = timeoutArg("park", args, core.opts.parkTimeoutMs);
  const { session, partner } = core.pairOf(slot, "park");
  const code = newCode(core.parks);
  return {
    result: { code, timeoutMs },
    after: () => {
      session.state = "waiting";
      core.parks.set(code, { code, session, partner, by: ep.userId, tenantId: ep.tenantId });
      session.onEnd.push(() => {
        core.parks.delete(code);
        core.clearTimer(`park:${code}`);
      });
      core.event(partner.slot, "parked", { by: ep.userId });
      core.leave(slot, "parked", null, ep.userId);
      core.timer(`park:${code}`, timeoutMs, () => {
        if (core.parks.get(code)?.session !== session) return;
        core.parks.delete(code);
        ringBack(core, session, partner, ep.userId, "park", "park-timeout");
      });
    },
  };
}

/**
 * SPEC §4.5 (CC7): `invite` to `park:<code>`. The retriever's call is answered at once by the service (standard
 * topology) and bridged to the parked party. PARK_NOT_FOUND for an unknown code or one of another tenant.
 */
export function retrieve(core: CallCore, ep: Endpoint, msg: Extract<ClientMessage, { type: "invite" }>): void {
  const code = msg.to.slice(PARK_PREFIX.length);
  const parked = core.parks.get(code);
  if (!parked || parked.tenantId !== ep.tenantId) {
    throw new ShieldCallError("PARK_NOT_FOUND", `No parked call with code "${code}"`);
  }
  const { session, partner } = parked;
  if (partner.slot.call[partner.slot.role].endpointId === ep.id) {
    throw new ShieldCallError("BAD_STATE", "Cannot retrieve your own parked call");
  }
  const call = core.calls.create({
    id: msg.callId,
    caller: { userId: ep.userId, endpointId: ep.id },
    calleeUserId: partner.userId,
    commit: null,
    eligible: false,
    reasons: ["park-retrieve"],
    via: { feature: "park", by: parked.by },
    calleeVirtual: true,
  });
  core.parks.delete(code);
  core.clearTimer(`park:${code}`);
  // SPEC §4.5 (CC7, CC11): a parked call is standard; a commitment in the retrieving invite is ignored.
  if (msg.e2ee) core.calls.log(call, "commit-ignored", { reasons: ["park-retrieve"] });
  void core.media.onInvite(call, null);
  core.send(ep.id, { type: "invited", rid: msg.rid, callId: call.id });
  call.media.callee = "connected";
  call.topology = "processor";
  core.calls.advance(call, "accepted", { retrieved: code, by: ep.userId });
  core.calls.log(call, "topology", { topology: "processor" });
  core.send(ep.id, { type: "accepted", callId: call.id, topology: "processor", features: [...FEATURES] });
  const slot = { call, role: "caller" as const };
  core.event(partner.slot, "retrieved", { by: ep.userId });
  join(core, session, slot, partner);
  core.event(slot, "peer-changed", { peer: partner.userId });
}
