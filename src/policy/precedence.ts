/**
 * The precedence rule of SPEC §3.2 (P2) as one pure function, shared by the store and the policy-file checks.
 */
import { GLOBAL_POLICY_ID, type PolicySource } from "./types.ts";

/** A group the user belongs to that has a policy assigned. */
export interface GroupAssignment {
  groupId: string;
  rank: number;
  policyId: string;
}

/** Which policy applies to a user and why (the value is looked up by the caller). */
export interface ResolvedAssignment {
  policyId: string;
  source: PolicySource;
}

/**
 * SPEC §3.2 group order: higher rank first; equal ranks by group id in ascending UTF-16 code-unit order
 * (plain `<` on strings; for the ASCII ids of §3.1 this is byte order, so "Z" sorts before "a").
 * Returns a negative number when `a` wins over `b`.
 */
export function compareGroups(a: GroupAssignment, b: GroupAssignment): number {
  if (a.rank !== b.rank) return a.rank > b.rank ? -1 : 1;
  return a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0;
}

/**
 * SPEC §3.2 (P2): user assignment > highest-ranked group assignment > the tenant's global policy.
 * `userPolicy` is the policy assigned directly to the user (null for none); `groups` are the user's
 * groups that have a policy assigned (groups without one take no part).
 */
export function resolveAssignment(userPolicy: string | null, groups: readonly GroupAssignment[]): ResolvedAssignment {
  // SPEC §3.2 (P2): a direct user assignment always wins.
  if (userPolicy !== null) return { policyId: userPolicy, source: "user" };
  let best: GroupAssignment | undefined;
  for (const g of groups) {
    // SPEC §3.2: highest rank wins; a tie goes to the smallest group id.
    if (best === undefined || compareGroups(g, best) < 0) best = g;
  }
  if (best !== undefined) return { policyId: best.policyId, source: `group:${best.groupId}` };
  // SPEC §3.2 (P1, P2): otherwise the tenant's global policy.
  return { policyId: GLOBAL_POLICY_ID, source: "global" };
}
