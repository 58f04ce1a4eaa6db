/**
 * The E2EE eligibility decision for one call (SPEC §3.4, P4), with every applicable reason.
 */
import { ShieldCallError } from "../errors.ts";
import { checkId, checkKeys, checkObject, show } from "./_validate.ts";
import type { PolicyStore } from "./store.ts";
import { type Eligibility, type EligibilityOptions, type Reason, REASONS } from "./types.ts";

/** The signature every eligibility implementation has (the reference one and the variants tests check). */
export type EligibilityFn = (
  store: PolicyStore,
  callerId: string,
  calleeId: string,
  opts?: EligibilityOptions,
) => Eligibility;

function optBool(o: Record<string, unknown>, k: string): boolean {
  const v = o[k];
  if (v === undefined) return true; // SPEC §3.4: an omitted support flag means the endpoint supports E2EE
  if (typeof v !== "boolean") {
    throw new ShieldCallError("POLICY_INVALID", `Invalid ${k}: expected a boolean, got ${show(v)}`);
  }
  return v;
}

/**
 * SPEC §3.4 (P4): a call is E2EE iff both effective policies allow it, both users turned it on, both
 * endpoints support it and the call is one-to-one between two different users. Reports every reason that
 * applies, in `REASONS` order. Unknown users are POLICY_NOT_FOUND; malformed options POLICY_INVALID.
 */
export const eligibility: EligibilityFn = (store, callerId, calleeId, opts = {}) => {
  const caller = checkId(callerId, "caller id");
  const callee = checkId(calleeId, "callee id");
  const o = checkObject(opts, "eligibility options");
  checkKeys(o, ["callerSupportsE2EE", "calleeSupportsE2EE", "participants"], "eligibility options");
  const callerSupports = optBool(o, "callerSupportsE2EE");
  const calleeSupports = optBool(o, "calleeSupportsE2EE");
  const participants = o.participants ?? 2;
  if (typeof participants !== "number" || !Number.isSafeInteger(participants) || participants < 1) {
    throw new ShieldCallError(
      "POLICY_INVALID",
      `Invalid participants: expected a positive integer, got ${show(participants)}`,
    );
  }

  const found = new Set<Reason>();
  const side = (role: "caller" | "callee", userId: string, supports: boolean) => {
    const user = store.getUser(userId); // throws POLICY_NOT_FOUND
    // SPEC §3.4: each side's own tenant policy applies; tenancy itself is not a condition.
    if (store.effectivePolicy(user.id).value !== "userControlled") found.add(`${role}-policy-disabled`);
    // SPEC §3.4: the stored setting counts, whatever hides it; a hidden setting is already covered above.
    if (!user.e2eeSetting) found.add(`${role}-setting-off`);
    // SPEC §3.3: compliance recording hides the setting and rules E2EE out.
    if (user.complianceRecording) found.add(`${role}-compliance-recording`);
    if (!supports) found.add(`${role}-unsupported`);
  };
  side("caller", caller, callerSupports);
  side("callee", callee, calleeSupports);
  // SPEC §3.4 (P4): only a call with exactly two parties is one-to-one.
  if (participants !== 2) found.add("not-one-to-one");
  // SPEC §3.4: calling oneself is not a one-to-one call with another user.
  if (caller === callee) found.add("same-user");

  const reasons = REASONS.filter((r) => found.has(r));
  return { e2ee: reasons.length === 0, reasons };
};
