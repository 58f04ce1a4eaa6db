/**
 * The policy store's records (SPEC §3): tenants with their policies and groups, users; lookups that validate an id
 * and throw POLICY_NOT_FOUND; and the conversion between the records and the policy document (SPEC §3.5).
 */
import { ShieldCallError } from "../errors.ts";
import type { PolicyDocument, TenantDoc } from "./_document.ts";
import { checkId, show } from "./_validate.ts";
import { GLOBAL_POLICY_ID, type PolicyValue } from "./types.ts";

export interface PolicyRec {
  id: string;
  value: PolicyValue;
  description?: string;
}
export interface GroupRec {
  id: string;
  rank: number;
  members: string[];
  policy: string | null;
}
export interface TenantRec {
  id: string;
  name?: string;
  policies: Map<string, PolicyRec>;
  groups: Map<string, GroupRec>;
}
export interface UserRec {
  id: string;
  tenantId: string;
  displayName?: string;
  complianceRecording: boolean;
  e2ee: boolean;
  policy: string | null;
}
/** A user's stored tokens, as the document holds them. */
export type UserTokens = TenantDoc["users"][number]["tokens"];

/** POLICY_NOT_FOUND for `what`. */
export const notFound = (what: string) => new ShieldCallError("POLICY_NOT_FOUND", `${what} not found`);
/** POLICY_CONFLICT with `msg`. */
export const conflict = (msg: string, detail?: Record<string, unknown>) =>
  new ShieldCallError("POLICY_CONFLICT", msg, detail);

/** Every tenant and user of a store, by id. */
export class Records {
  readonly tenants = new Map<string, TenantRec>();
  readonly users = new Map<string, UserRec>();

  tenant(id: unknown): TenantRec {
    const tid = checkId(id, "tenant id");
    return this.tenants.get(tid) ?? (() => {
      throw notFound(`Tenant ${show(tid)}`);
    })();
  }
  user(id: unknown): UserRec {
    const uid = checkId(id, "user id");
    return this.users.get(uid) ?? (() => {
      throw notFound(`User ${show(uid)}`);
    })();
  }
  userIn(t: TenantRec, id: unknown): UserRec {
    const u = this.user(id);
    if (u.tenantId !== t.id) throw notFound(`User ${show(u.id)} in tenant ${show(t.id)}`);
    return u;
  }
  policy(t: TenantRec, id: unknown): PolicyRec {
    const pid = checkId(id, "policy id");
    return t.policies.get(pid) ?? (() => {
      throw notFound(`Policy ${show(pid)} in tenant ${show(t.id)}`);
    })();
  }
  group(t: TenantRec, id: unknown): GroupRec {
    const gid = checkId(id, "group id");
    return t.groups.get(gid) ?? (() => {
      throw notFound(`Group ${show(gid)} in tenant ${show(t.id)}`);
    })();
  }

  /** Fills empty records from a validated document; calls `tokens` with each user's stored tokens. */
  load(doc: PolicyDocument, tokens: (userId: string, docs: UserTokens) => void): void {
    for (const t of doc.tenants) {
      const rec: TenantRec = { id: t.id, policies: new Map(), groups: new Map() };
      if (t.name !== undefined) rec.name = t.name;
      rec.policies.set(GLOBAL_POLICY_ID, { id: GLOBAL_POLICY_ID, value: t.globalPolicy });
      for (const p of t.policies) rec.policies.set(p.id, { ...p });
      for (const g of t.groups) rec.groups.set(g.id, { ...g, members: [...g.members] });
      this.tenants.set(t.id, rec);
      for (const u of t.users) {
        const { e2ee, tokens: stored, ...rest } = u;
        this.users.set(u.id, { ...rest, tenantId: t.id, e2ee });
        tokens(u.id, stored);
      }
    }
  }

  /** The records as a policy document; `tokens` gives each user's stored tokens. */
  toDocument(tokens: (userId: string) => UserTokens): PolicyDocument {
    const tenants: TenantDoc[] = [];
    for (const t of this.tenants.values()) {
      const doc: TenantDoc = {
        id: t.id,
        globalPolicy: t.policies.get(GLOBAL_POLICY_ID)!.value,
        policies: [],
        groups: [],
        users: [],
      };
      if (t.name !== undefined) doc.name = t.name;
      for (const p of t.policies.values()) if (p.id !== GLOBAL_POLICY_ID) doc.policies.push({ ...p });
      for (const g of t.groups.values()) doc.groups.push({ ...g, members: [...g.members] });
      for (const u of this.users.values()) {
        if (u.tenantId !== t.id) continue;
        const user: TenantDoc["users"][number] = {
          id: u.id,
          policy: u.policy,
          e2ee: u.e2ee,
          complianceRecording: u.complianceRecording,
          tokens: tokens(u.id),
        };
        if (u.displayName !== undefined) user.displayName = u.displayName;
        doc.users.push(user);
      }
      tenants.push(doc);
    }
    return { version: 1, tenants };
  }
}
