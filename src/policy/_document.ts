/**
 * The policy document (SPEC §3.5): its types and a validator that reports every error with its JSON-pointer path
 * (RFC 6901). The structure is checked against the TypeBox schema (schema.ts); the rules that relate one part of the
 * document to another (unique ids, references, the setting a policy hides) are checked here. The same document is the
 * store's persisted state (`toJSON()`), checked in "state" mode, which differs from "file" mode only in allowing a
 * remembered setting the policy hides.
 */
import { ShieldCallError } from "../errors.ts";
import { Value } from "@sinclair/typebox/value";
import { show } from "./_validate.ts";
import { type PathError, PolicyDocumentSchema, structuralErrors } from "./schema.ts";
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

export type { PathError };

/** "file": a declarative policy file; "state": the store's own persisted state. */
export type DocumentMode = "file" | "state";

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The order of each object's keys in error lists: unknown keys first, then the schema's order. */
const KEY_ORDER = ["version", "tenants", "id", "name", "globalPolicy", "policies", "groups", "users", "value"]
  .concat(["description", "rank", "members", "policy", "displayName", "e2ee", "complianceRecording", "tokens"])
  .concat(["token", "expiresAt"]);

/** Document order of two JSON pointers (array items by index, keys by KEY_ORDER); 0 for the same path. */
function comparePaths(a: string, b: string): number {
  const [pa, pb] = [a.split("/").slice(1), b.split("/").slice(1)];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    const [na, nb] = [Number(pa[i]), Number(pb[i])];
    if (/^\d+$/.test(pa[i]!) && /^\d+$/.test(pb[i]!)) return na - nb;
    return KEY_ORDER.indexOf(pa[i]!) - KEY_ORDER.indexOf(pb[i]!);
  }
  return pa.length - pb.length;
}

/**
 * Validates `json` as a policy document and returns it normalised (defaults filled in), or every error in document
 * order. `doc` is present exactly when `errors` is empty.
 */
export function validateDocument(json: unknown, mode: DocumentMode): { doc?: PolicyDocument; errors: PathError[] } {
  const structural = structuralErrors(PolicyDocumentSchema, json);
  /** Whether the value at `path` (and everything in it) has the document's structure. */
  const ok = (path: string) => !structural.some((e) => e.path === path || e.path.startsWith(`${path}/`));
  const errors: PathError[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });
  if (isObj(json)) crossReferences(json, mode, ok, err);
  // Stable: at the same path a structural error comes first (a cross-reference check skips a malformed value).
  const all = [...structural, ...errors].sort((x, y) => comparePaths(x.path, y.path));
  if (all.length > 0) return { errors: all };
  return { doc: Value.Default(PolicyDocumentSchema, structuredClone(json)) as PolicyDocument, errors: [] };
}

/** The checks between parts of a document (SPEC §3.5), on the values that have the document's structure. */
function crossReferences(
  json: Obj,
  mode: DocumentMode,
  ok: (path: string) => boolean,
  err: (path: string, message: string) => void,
): void {
  const tenantsRaw = arr(json.tenants);
  // Where each user id first appears (tenant index), so group members can be resolved in document order.
  const userHome = new Map<string, number>();
  tenantsRaw.forEach((t, ti) => {
    arr(isObj(t) ? t.users : undefined).forEach((u, ui) => {
      const id = isObj(u) ? u.id : undefined;
      if (ok(`/tenants/${ti}/users/${ui}/id`) && typeof id === "string" && !userHome.has(id)) userHome.set(id, ti);
    });
  });
  const seenTenant = new Map<string, string>();
  const seenUser = new Map<string, string>();
  const seenToken = new Map<string, string>();
  tenantsRaw.forEach((t, ti) => {
    const tp = `/tenants/${ti}`;
    if (!isObj(t)) return;
    const tid = ok(`${tp}/id`) ? t.id as string : undefined;
    if (tid !== undefined) {
      const first = seenTenant.get(tid);
      if (first !== undefined) err(`${tp}/id`, `duplicate tenant id ${show(tid)} (first at ${first})`);
      else seenTenant.set(tid, `${tp}/id`);
    }
    // Each known policy id and its value (undefined when the value is malformed).
    const values = new Map<string, PolicyValue | undefined>();
    // SPEC §3.1 (P1): a tenant's global policy starts disabled.
    values.set(GLOBAL_POLICY_ID, ok(`${tp}/globalPolicy`) ? (t.globalPolicy as PolicyValue ?? "disabled") : undefined);
    arr(t.policies).forEach((p, pi) => {
      const pp = `${tp}/policies/${pi}`;
      if (!isObj(p) || !ok(`${pp}/id`)) return;
      const pid = p.id as string;
      if (pid === GLOBAL_POLICY_ID) {
        return err(`${pp}/id`, `policy id "Global" is reserved: set the tenant's "globalPolicy" instead`);
      }
      if (values.has(pid)) return err(`${pp}/id`, `duplicate policy id ${show(pid)} in tenant ${show(tid)}`);
      values.set(pid, ok(`${pp}/value`) ? p.value as PolicyValue : undefined);
    });

    /** Checks a `policy` reference; returns the id, null, or undefined when invalid. */
    const policyRef = (o: Obj, p: string): string | null | undefined => {
      if (!ok(`${p}/policy`)) return undefined;
      const v = o.policy as string | null | undefined;
      if (v === undefined || v === null) return null;
      if (v === GLOBAL_POLICY_ID) {
        return void err(`${p}/policy`, `"Global" cannot be assigned: use null to fall back to the global policy`);
      }
      if (!values.has(v)) return void err(`${p}/policy`, `unknown policy ${show(v)} in tenant ${show(tid)}`);
      return v;
    };

    // Groups. `certain` stays true while every group is valid enough to evaluate precedence (SPEC §3.2).
    const groups: GroupDoc[] = [];
    const seenGroup = new Set<string>();
    let certain = ok(`${tp}/groups`) || t.groups === undefined;
    arr(t.groups).forEach((g, gi) => {
      const gp = `${tp}/groups/${gi}`;
      if (!isObj(g)) return void (certain = false);
      let gid = ok(`${gp}/id`) ? g.id as string : undefined;
      if (gid !== undefined && seenGroup.has(gid)) {
        err(`${gp}/id`, `duplicate group id ${show(gid)} in tenant ${show(tid)}`);
        gid = undefined;
      }
      if (gid !== undefined) seenGroup.add(gid);
      const members: string[] = [];
      arr(g.members).forEach((m, mi) => {
        const mp = `${gp}/members/${mi}`;
        if (!ok(mp)) return;
        if (userHome.get(m as string) !== ti) return err(mp, `unknown user ${show(m)} in tenant ${show(tid)}`);
        if (members.includes(m as string)) return err(mp, `duplicate member ${show(m)}`);
        members.push(m as string);
      });
      const policy = policyRef(g, gp);
      if (gid === undefined || !ok(`${gp}/rank`) || !ok(`${gp}/members`) || policy === undefined) certain = false;
      else if (policy !== null && values.get(policy) === undefined) certain = false;
      else groups.push({ id: gid, rank: g.rank as number, members, policy });
    });

    arr(t.users).forEach((u, ui) => {
      const up = `${tp}/users/${ui}`;
      if (!isObj(u)) return;
      let uid = ok(`${up}/id`) ? u.id as string : undefined;
      if (uid !== undefined) {
        const first = seenUser.get(uid);
        if (first !== undefined) {
          err(`${up}/id`, `duplicate user id ${show(uid)} (first at ${first}); user ids are unique across tenants`);
          uid = undefined;
        } else seenUser.set(uid, `${up}/id`);
      }
      const policy = policyRef(u, up);
      arr(u.tokens).forEach((entry, ki) => {
        const kp = isObj(entry) ? `${up}/tokens/${ki}/token` : `${up}/tokens/${ki}`;
        if (!ok(`${up}/tokens/${ki}`)) return;
        const tok = (isObj(entry) ? entry.token : entry) as string;
        // Token values are secrets: never echoed in messages.
        const first = seenToken.get(tok);
        if (first !== undefined) return err(kp, `duplicate token (first at ${first})`);
        seenToken.set(tok, kp);
      });
      if (uid === undefined || policy === undefined || !ok(`${up}/e2ee`) || !ok(`${up}/complianceRecording`)) return;
      // SPEC §3.5: a file may turn a user's setting on only where the setting is visible (SPEC §3.3, P3).
      if (mode === "file" && u.e2ee === true && certain) {
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
        } else if (value === "userControlled" && u.complianceRecording === true) {
          err(`${up}/e2ee`, "setting cannot be on: the user has compliance recording");
        }
      }
    });
  });
}

/** The POLICY_INVALID error for a document with `errors`; `detail.errors` lists every one. */
export function documentError(kind: "Policy file" | "Policy state", errors: PathError[]): ShieldCallError {
  const first = errors[0]!;
  const n = errors.length === 1 ? "1 error" : `${errors.length} errors`;
  return new ShieldCallError("POLICY_INVALID", `${kind} is invalid: ${n}, first at "${first.path}": ${first.message}`, {
    errors,
  });
}
