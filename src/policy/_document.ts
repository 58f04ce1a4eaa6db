/**
 * The policy document (SPEC §3.5): its types and a validator that reports every error with its JSON-pointer
 * path (RFC 6901) in one pass. The same document is the store's persisted state (`toJSON()`), checked in
 * "state" mode, which differs from "file" mode only in allowing a remembered setting the policy hides.
 */
import { ShieldCallError } from "../errors.ts";
import { boolProblem, idProblem, rankProblem, show, textProblem, tokenProblem, valueProblem } from "./_validate.ts";
import { type GroupAssignment, resolveAssignment } from "./precedence.ts";
import type { TokenDoc } from "./tokens.ts";
import { GLOBAL_POLICY_ID, type PolicyValue } from "./types.ts";

/** A policy document, version 1 (SPEC §3.5). */
export interface PolicyDocument {
  version: 1;
  tenants: TenantDoc[];
}

/** A tenant in a policy document. */
export interface TenantDoc {
  id: string;
  name?: string;
  globalPolicy: PolicyValue;
  policies: PolicyDoc[];
  groups: GroupDoc[];
  users: UserDoc[];
}

/** A custom policy in a policy document. */
export interface PolicyDoc {
  id: string;
  value: PolicyValue;
  description?: string;
}

/** A group in a policy document. */
export interface GroupDoc {
  id: string;
  rank: number;
  members: string[];
  policy: string | null;
}

/** A user in a policy document. */
export interface UserDoc {
  id: string;
  displayName?: string;
  policy: string | null;
  e2ee: boolean;
  complianceRecording: boolean;
  /** SPEC §3.5, §10: a token, or a token with its expiry (Unix ms). */
  tokens: TokenDoc[];
}

/** One error in a policy document: where (JSON pointer) and what. */
export interface PathError {
  path: string;
  message: string;
}

/** "file": a declarative policy file; "state": the store's own persisted state. */
export type DocumentMode = "file" | "state";

/** RFC 6901 §3: escapes one reference token. */
function esc(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

const TENANT_KEYS = ["id", "name", "globalPolicy", "policies", "groups", "users"];
const POLICY_KEYS = ["id", "value", "description"];
const GROUP_KEYS = ["id", "rank", "members", "policy"];
const USER_KEYS = ["id", "displayName", "policy", "e2ee", "complianceRecording", "tokens"];

/**
 * Validates `json` as a policy document and returns it normalised (defaults filled in), or every error.
 * `doc` is present exactly when `errors` is empty.
 */
export function validateDocument(json: unknown, mode: DocumentMode): { doc?: PolicyDocument; errors: PathError[] } {
  const errors: PathError[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });
  const keys = (o: Record<string, unknown>, allowed: string[], p: string) => {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) err(`${p}/${esc(k)}`, `unknown property ${show(k)}`);
  };
  /** An optional array member: undefined → [], else must be an array. */
  const arr = (o: Record<string, unknown>, k: string, p: string): unknown[] | undefined => {
    const v = o[k];
    if (v === undefined) return [];
    if (!Array.isArray(v)) return void err(`${p}/${k}`, `expected an array, got ${show(v)}`);
    return v;
  };
  const text = (o: Record<string, unknown>, k: string, p: string): string | undefined => {
    if (o[k] === undefined) return undefined;
    const problem = textProblem(o[k]);
    if (problem !== null) err(`${p}/${k}`, problem);
    return problem === null ? o[k] as string : undefined;
  };
  const bool = (o: Record<string, unknown>, k: string, p: string): boolean | undefined => {
    if (o[k] === undefined) return false; // SPEC §3.5: omitted e2ee / complianceRecording mean false (P3)
    const problem = boolProblem(o[k]);
    if (problem !== null) return void err(`${p}/${k}`, problem);
    return o[k] as boolean;
  };
  const id = (o: Record<string, unknown>, p: string): string | undefined => {
    if (o.id === undefined) return void err(`${p}/id`, 'missing required property "id"');
    const problem = idProblem(o.id);
    if (problem !== null) return void err(`${p}/id`, problem);
    return o.id as string;
  };

  if (!isObj(json)) {
    err("", `expected an object, got ${show(json)}`);
    return { errors };
  }
  keys(json, ["version", "tenants"], "");
  if (json.version !== 1) err("/version", `expected version 1, got ${show(json.version)}`);
  if (!Array.isArray(json.tenants)) {
    err("/tenants", `expected an array, got ${show(json.tenants)}`);
    return { errors };
  }
  const rawTenants: unknown[] = json.tenants;

  // Pass 1: where each user id first appears (tenant index), so group members can be resolved in document order.
  const userHome = new Map<string, number>();
  rawTenants.forEach((t, ti) => {
    if (!isObj(t) || !Array.isArray(t.users)) return;
    for (const u of t.users) {
      if (isObj(u) && idProblem(u.id) === null && !userHome.has(u.id as string)) userHome.set(u.id as string, ti);
    }
  });

  const tenants: TenantDoc[] = [];
  const seenTenant = new Map<string, string>();
  const seenUser = new Map<string, string>();
  const seenToken = new Map<string, string>();
  rawTenants.forEach((t, ti) => {
    const tp = `/tenants/${ti}`;
    if (!isObj(t)) return err(tp, `expected an object, got ${show(t)}`);
    keys(t, TENANT_KEYS, tp);
    const tid = id(t, tp);
    if (tid !== undefined) {
      const first = seenTenant.get(tid);
      if (first !== undefined) err(`${tp}/id`, `duplicate tenant id ${show(tid)} (first at ${first})`);
      else seenTenant.set(tid, `${tp}/id`);
    }
    const name = text(t, "name", tp);
    let globalPolicy: PolicyValue | undefined = "disabled"; // SPEC §3.1 (P1): a tenant's global policy starts disabled
    if (t.globalPolicy !== undefined) {
      const problem = valueProblem(t.globalPolicy);
      if (problem !== null) err(`${tp}/globalPolicy`, problem);
      globalPolicy = problem === null ? t.globalPolicy as PolicyValue : undefined;
    }

    // Policies. `values` maps each known policy id to its value (undefined when the value is invalid).
    const values = new Map<string, PolicyValue | undefined>();
    values.set(GLOBAL_POLICY_ID, globalPolicy);
    const policies: PolicyDoc[] = [];
    (arr(t, "policies", tp) ?? []).forEach((p, pi) => {
      const pp = `${tp}/policies/${pi}`;
      if (!isObj(p)) return err(pp, `expected an object, got ${show(p)}`);
      keys(p, POLICY_KEYS, pp);
      const pid = id(p, pp);
      let value: PolicyValue | undefined;
      if (p.value === undefined) err(`${pp}/value`, 'missing required property "value"');
      else if (valueProblem(p.value) !== null) err(`${pp}/value`, valueProblem(p.value)!);
      else value = p.value as PolicyValue;
      const description = text(p, "description", pp);
      if (pid === GLOBAL_POLICY_ID) {
        return err(`${pp}/id`, `policy id "Global" is reserved: set the tenant's "globalPolicy" instead`);
      }
      if (pid !== undefined) {
        if (values.has(pid)) return err(`${pp}/id`, `duplicate policy id ${show(pid)} in tenant ${show(tid)}`);
        values.set(pid, value);
        if (value !== undefined) {
          policies.push(description === undefined ? { id: pid, value } : { id: pid, value, description });
        }
      }
    });

    /** Checks a `policy` reference; returns the id, null, or undefined when invalid. */
    const policyRef = (o: Record<string, unknown>, p: string): string | null | undefined => {
      const v = o.policy;
      if (v === undefined || v === null) return null;
      const problem = idProblem(v);
      if (problem !== null) return void err(`${p}/policy`, problem);
      if (v === GLOBAL_POLICY_ID) {
        return void err(`${p}/policy`, `"Global" cannot be assigned: use null to fall back to the global policy`);
      }
      if (!values.has(v as string)) return void err(`${p}/policy`, `unknown policy ${show(v)} in tenant ${show(tid)}`);
      return v as string;
    };

    // Groups. `certain` stays true while every group is valid enough to evaluate precedence (SPEC §3.2).
    const groups: GroupDoc[] = [];
    const seenGroup = new Set<string>();
    const rawGroups = arr(t, "groups", tp);
    let certain = rawGroups !== undefined;
    (rawGroups ?? []).forEach((g, gi) => {
      const gp = `${tp}/groups/${gi}`;
      if (!isObj(g)) {
        certain = false;
        return err(gp, `expected an object, got ${show(g)}`);
      }
      keys(g, GROUP_KEYS, gp);
      let gid = id(g, gp);
      if (gid !== undefined && seenGroup.has(gid)) {
        err(`${gp}/id`, `duplicate group id ${show(gid)} in tenant ${show(tid)}`);
        gid = undefined;
      }
      if (gid !== undefined) seenGroup.add(gid);
      let rank: number | undefined;
      if (g.rank === undefined) err(`${gp}/rank`, 'missing required property "rank"');
      else if (rankProblem(g.rank) !== null) err(`${gp}/rank`, rankProblem(g.rank)!);
      else rank = g.rank as number;
      const members: string[] = [];
      const rawMembers = arr(g, "members", gp);
      (rawMembers ?? []).forEach((m, mi) => {
        const mp = `${gp}/members/${mi}`;
        const problem = idProblem(m);
        if (problem !== null) return err(mp, problem);
        if (userHome.get(m as string) !== ti) return err(mp, `unknown user ${show(m)} in tenant ${show(tid)}`);
        if (members.includes(m as string)) return err(mp, `duplicate member ${show(m)}`);
        members.push(m as string);
      });
      const policy = policyRef(g, gp);
      if (gid === undefined || rank === undefined || rawMembers === undefined || policy === undefined) certain = false;
      else if (policy !== null && values.get(policy) === undefined) certain = false;
      else groups.push({ id: gid, rank, members, policy });
    });

    // Users.
    const users: UserDoc[] = [];
    (arr(t, "users", tp) ?? []).forEach((u, ui) => {
      const up = `${tp}/users/${ui}`;
      if (!isObj(u)) return err(up, `expected an object, got ${show(u)}`);
      keys(u, USER_KEYS, up);
      let uid = id(u, up);
      if (uid !== undefined) {
        const first = seenUser.get(uid);
        if (first !== undefined) {
          err(`${up}/id`, `duplicate user id ${show(uid)} (first at ${first}); user ids are unique across tenants`);
          uid = undefined;
        } else seenUser.set(uid, `${up}/id`);
      }
      const displayName = text(u, "displayName", up);
      const policy = policyRef(u, up);
      const e2ee = bool(u, "e2ee", up);
      const complianceRecording = bool(u, "complianceRecording", up);
      const tokens: TokenDoc[] = [];
      (arr(u, "tokens", up) ?? []).forEach((entry, ki) => {
        let kp = `${up}/tokens/${ki}`;
        // SPEC §3.5: a token is a string, or {token, expiresAt} for one that expires (§10).
        let tok: unknown = entry;
        let expiresAt: number | undefined;
        if (typeof entry === "object" && entry !== null && !Array.isArray(entry)) {
          const o = entry as Record<string, unknown>;
          const extra = Object.keys(o).find((k) => k !== "token" && k !== "expiresAt");
          if (extra !== undefined) return err(`${kp}/${esc(extra)}`, "unknown property");
          if (!Number.isSafeInteger(o.expiresAt) || (o.expiresAt as number) < 0) {
            return err(`${kp}/expiresAt`, "expected Unix time in ms (an integer ≥ 0)");
          }
          expiresAt = o.expiresAt as number;
          tok = o.token;
          kp = `${kp}/token`;
        }
        const problem = tokenProblem(tok);
        if (problem !== null) return err(kp, problem);
        const first = seenToken.get(tok as string);
        // Token values are secrets: never echoed in messages.
        if (first !== undefined) return err(kp, `duplicate token (first at ${first})`);
        seenToken.set(tok as string, kp);
        tokens.push(expiresAt === undefined ? tok as string : { token: tok as string, expiresAt });
      });
      if (uid === undefined || policy === undefined || e2ee === undefined || complianceRecording === undefined) return;
      // SPEC §3.5: a file may turn a user's setting on only where the setting is visible (SPEC §3.3, P3).
      if (mode === "file" && e2ee && certain) {
        const inGroups: GroupAssignment[] = groups
          .filter((g) => g.policy !== null && g.members.includes(uid!))
          .map((g) => ({ groupId: g.id, rank: g.rank, policyId: g.policy! }));
        const resolved = resolveAssignment(policy, inGroups);
        const value = values.get(resolved.policyId);
        if (value === "disabled") {
          err(
            `${up}/e2ee`,
            `setting cannot be on: effective policy ${show(resolved.policyId)} (${resolved.source}) is "disabled"`,
          );
        } else if (value === "userControlled" && complianceRecording) {
          err(`${up}/e2ee`, "setting cannot be on: the user has compliance recording");
        }
      }
      const user: UserDoc = { id: uid, policy, e2ee, complianceRecording, tokens };
      if (displayName !== undefined) user.displayName = displayName;
      users.push(user);
    });

    if (tid !== undefined && globalPolicy !== undefined) {
      const tenant: TenantDoc = { id: tid, globalPolicy, policies, groups, users };
      if (name !== undefined) tenant.name = name;
      tenants.push(tenant);
    }
  });
  return errors.length === 0 ? { doc: { version: 1, tenants }, errors } : { errors };
}

/** The POLICY_INVALID error for a document with `errors`; `detail.errors` lists every one. */
export function documentError(kind: "Policy file" | "Policy state", errors: PathError[]): ShieldCallError {
  const first = errors[0]!;
  const n = errors.length === 1 ? "1 error" : `${errors.length} errors`;
  return new ShieldCallError("POLICY_INVALID", `${kind} is invalid: ${n}, first at "${first.path}": ${first.message}`, {
    errors,
  });
}
