/**
 * Checks of call-control feature arguments (SPEC §4.5 CC12): every bad argument is refused with a stable code
 * before anything changes (SPEC §2.5 S2).
 */
import { ShieldCallError } from "../../errors.ts";
import { isId } from "../../protocol/mod.ts";
import { type CallRecord, isE2eeTopology, type Role } from "../calls.ts";
import type { Endpoint } from "../endpoints.ts";
import type { CallCore } from "./core.ts";

/** Feature arguments as they arrived (`feature.args`). */
export type Args = Record<string, unknown>;

/** `args[name]` as a user id of this service: PROTO_INVALID when missing or malformed, USER_NOT_FOUND when unknown. */
export function userArg(core: CallCore, feature: string, args: Args, name = "to"): string {
  const v = args[name];
  if (!isId(v)) throw new ShieldCallError("PROTO_INVALID", `Feature "${feature}" needs "args.${name}": a user id`);
  if (!core.userExists(v)) throw new ShieldCallError("USER_NOT_FOUND", `No user "${v}"`);
  return v;
}

/** The user's connected endpoints, or USER_UNAVAILABLE. */
export function reachable(core: CallCore, userId: string, except?: string): Endpoint[] {
  const eps = core.endpoints.ofUser(userId).filter((e) => e.id !== except);
  if (eps.length === 0) throw new ShieldCallError("USER_UNAVAILABLE", `User "${userId}" has no registered endpoint`);
  return eps;
}

/**
 * `args[name]` as another live standard call of the same endpoint: PROTO_INVALID, CALL_NOT_FOUND, NOT_A_PARTY,
 * BAD_STATE (not answered, or the same call), FEATURE_DISABLED_E2EE (SPEC §2.4: no escalation from an E2EE call).
 */
export function otherCallArg(
  core: CallCore,
  feature: string,
  args: Args,
  name: string,
  ep: Endpoint,
  self: CallRecord,
): { call: CallRecord; role: Role } {
  const id = args[name];
  if (!isId(id)) throw new ShieldCallError("PROTO_INVALID", `Feature "${feature}" needs "args.${name}": a call id`);
  const call = core.calls.get(id);
  const role = core.calls.roleOf(call, ep.userId, ep.id);
  if (call === self) {
    throw new ShieldCallError("BAD_STATE", `Feature "${feature}" needs a second call: "${id}" is this call`);
  }
  core.calls.expect(call, `use "${feature}" with`, "accepted", "connected");
  if (isE2eeTopology(call.topology)) {
    call.features.refused++;
    core.calls.log(call, "feature-refused", { feature, by: ep.userId, code: "FEATURE_DISABLED_E2EE", as: name });
    throw new ShieldCallError(
      "FEATURE_DISABLED_E2EE",
      `Feature "${feature}" is unavailable: call "${id}" is end-to-end encrypted`,
      { feature },
    );
  }
  return { call, role };
}

/** Optional `args.timeoutMs`: an integer from 100 to 600000, else PROTO_INVALID. */
export function timeoutArg(feature: string, args: Args, fallback: number): number {
  const v = args.timeoutMs;
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || (v as number) < 100 || (v as number) > 600_000) {
    throw new ShieldCallError(
      "PROTO_INVALID",
      `Feature "${feature}": "args.timeoutMs" must be an integer from 100 to 600000`,
    );
  }
  return v as number;
}

/** Optional `args.device`: a device id, else PROTO_INVALID. */
export function deviceArg(feature: string, args: Args): string | null {
  const v = args.device;
  if (v === undefined) return null;
  if (!isId(v)) throw new ShieldCallError("PROTO_INVALID", `Feature "${feature}": "args.device" must be a device id`);
  return v;
}
