/**
 * The rules of groups and assignments (SPEC §3.1, §3.2): a group is created from validated input, its members are
 * users of its tenant, each listed once; an assignment names one user or group and a custom policy (or null). Every
 * function validates its whole input before it changes anything.
 */
import { ShieldCallError } from "../errors.ts";
import { conflict, notFound, type TenantRec, type UserRec } from "./_records.ts";
import { check, checkId, checkKeys, checkObject, idProblem, rankProblem, show } from "./_validate.ts";
import { GLOBAL_POLICY_ID } from "./types.ts";

type GroupRec = TenantRec["groups"] extends Map<string, infer G> ? G : never;

/** A new group of `t` from `input` ({id, rank, members?}); a taken id is POLICY_CONFLICT. */
export function newGroup(t: TenantRec, input: unknown, userIn: (t: TenantRec, id: unknown) => UserRec): GroupRec {
  const o = checkObject(input, "group");
  checkKeys(o, ["id", "rank", "members"], "group");
  const gid = checkId(o.id, "group id");
  check(rankProblem(o.rank), "group rank");
  const raw = o.members ?? [];
  if (!Array.isArray(raw)) {
    throw new ShieldCallError("POLICY_INVALID", `Invalid group members: expected an array, got ${show(raw)}`);
  }
  const members: string[] = [];
  for (const m of raw) {
    const u = userIn(t, m);
    if (members.includes(u.id)) {
      throw new ShieldCallError("POLICY_INVALID", `Invalid group members: duplicate member ${show(u.id)}`);
    }
    members.push(u.id);
  }
  if (t.groups.has(gid)) throw conflict(`Group ${show(gid)} already exists in tenant ${show(t.id)}`);
  return { id: gid, rank: o.rank as number, members, policy: null };
}

/** Adds user `u` (of the group's tenant) to `g`; an existing member is POLICY_CONFLICT. */
export function addMember(g: GroupRec, u: UserRec): void {
  if (g.members.includes(u.id)) throw conflict(`User ${show(u.id)} is already a member of group ${show(g.id)}`);
  g.members.push(u.id);
}

/** Removes a member from `g`; a non-member is POLICY_NOT_FOUND. */
export function removeMember(g: GroupRec, userId: unknown): void {
  const uid = checkId(userId, "user id");
  const i = g.members.indexOf(uid);
  if (i < 0) throw notFound(`Member ${show(uid)} of group ${show(g.id)}`);
  g.members.splice(i, 1);
}

/**
 * The target and policy of an assignment (SPEC §3.2, P2); `Global` cannot be assigned: it applies when nothing else
 * does.
 */
export function checkAssignment(
  assignment: unknown,
): { to: { user: unknown } | { group: unknown }; policyId: string | null } {
  const o = checkObject(assignment, "assignment");
  checkKeys(o, ["to", "policyId"], "assignment");
  const to = checkObject(o.to, "assignment target");
  checkKeys(to, ["user", "group"], "assignment target");
  if (("user" in to) === ("group" in to)) {
    throw new ShieldCallError("POLICY_INVALID", 'Invalid assignment target: expected exactly one of "user" or "group"');
  }
  if (o.policyId !== null) {
    check(
      o.policyId === undefined ? 'missing "policyId" (use null to remove an assignment)' : idProblem(o.policyId),
      "policy id",
    );
    if (o.policyId === GLOBAL_POLICY_ID) {
      throw new ShieldCallError(
        "POLICY_INVALID",
        'Invalid policy id: "Global" cannot be assigned, use null to fall back to it',
      );
    }
  }
  return { to: "user" in to ? { user: to.user } : { group: to.group }, policyId: o.policyId as string | null };
}
