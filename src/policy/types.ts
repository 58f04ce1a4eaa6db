/**
 * Public types and constants of the policy model (SPEC §3): policy values, the objects the store
 * returns, effective-policy results and the stable eligibility reason strings.
 */

/** SPEC §3.1 (P2): the two policy values (Teams: Disabled | DisabledUserOverride). */
export const POLICY_VALUES = ["disabled", "userControlled"] as const;

/** A policy value: `disabled` hides the user setting; `userControlled` lets the user turn E2EE on. */
export type PolicyValue = typeof POLICY_VALUES[number];

/** SPEC §3.1: the id of every tenant's global policy (reserved, cannot be created, deleted or assigned). */
export const GLOBAL_POLICY_ID = "Global";

/**
 * SPEC §3.4: every eligibility reason, in the fixed order `eligibility()` reports them.
 * The strings are stable: the service, the driver protocol and the reports carry them unchanged.
 */
export const REASONS = [
  "caller-policy-disabled",
  "callee-policy-disabled",
  "caller-setting-off",
  "callee-setting-off",
  "caller-compliance-recording",
  "callee-compliance-recording",
  "caller-unsupported",
  "callee-unsupported",
  "not-one-to-one",
  "same-user",
] as const;

/** One reason why a call is not E2EE (SPEC §3.4). */
export type Reason = typeof REASONS[number];

/** Where a user's effective policy came from (SPEC §3.2): `user`, `group:<groupId>` or `global`. */
export type PolicySource = "user" | "global" | `group:${string}`;

/** A user's effective policy (SPEC §3.2). */
export interface EffectivePolicy {
  /** The value in force. */
  value: PolicyValue;
  /** The id of the policy that supplied it (`Global` for the tenant's global policy). */
  policyId: string;
  /** Which assignment won. */
  source: PolicySource;
}

/** A user's E2EE setting as the user's devices show it (SPEC §3.3). */
export interface UserSetting {
  /** True only when the effective policy is `userControlled` and the user has no compliance recording. */
  visible: boolean;
  /** The stored setting while visible; always false while not visible. */
  enabled: boolean;
  /** The effective policy behind `visible`. */
  effective: EffectivePolicy;
}

/**
 * Options of `eligibility()` (SPEC §3.4). Omitted support flags mean "supports E2EE"; omitted participants means
 * 2.
 */
export interface EligibilityOptions {
  callerSupportsE2EE?: boolean;
  calleeSupportsE2EE?: boolean;
  participants?: number;
}

/** The E2EE decision for one call (SPEC §3.4, P4). `e2ee` is true iff `reasons` is empty. */
export interface Eligibility {
  e2ee: boolean;
  /** Every applicable reason, in the order of `REASONS`. */
  reasons: Reason[];
}

/** A tenant as the store reports it. */
export interface TenantInfo {
  id: string;
  name?: string;
  /** The value of the tenant's `Global` policy. */
  globalPolicy: PolicyValue;
}

/** A policy as the store reports it (the global policy has id `Global`). */
export interface PolicyInfo {
  id: string;
  value: PolicyValue;
  description?: string;
}

/** A group as the store reports it. */
export interface GroupInfo {
  id: string;
  /** Higher rank wins (SPEC §3.2). */
  rank: number;
  members: string[];
  /** The policy assigned to the group, or null. */
  policy: string | null;
}

/** A user as the store reports it (tokens are never returned, only counted). */
export interface UserInfo {
  id: string;
  tenantId: string;
  displayName?: string;
  complianceRecording: boolean;
  /** The stored E2EE setting (SPEC §3.3); see `getSetting()` for what is in force. */
  e2eeSetting: boolean;
  /** The policy assigned directly to the user, or null. */
  policy: string | null;
  tokenCount: number;
}
