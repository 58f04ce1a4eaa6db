/**
 * The policy store (SPEC §3): tenants, policies, groups, users, assignments and bearer tokens (tokens.ts), with the
 * effective-policy, user-setting and eligibility queries; the records and their document form are in _records.ts,
 * the group membership rules in _groups.ts. Pure and synchronous; `toJSON()` / `fromJSON()` let the service persist
 * it. Every method validates its whole input before it changes anything (SPEC §3.1).
 */
import { ShieldCallError } from "../errors.ts";
import { documentError, type PolicyDocument, validateDocument } from "./_document.ts";
import { conflict, Records, type TenantRec, type UserRec } from "./_records.ts";
import { type TokenRec, TokenStore } from "./tokens.ts";
import { addMember, checkAssignment, newGroup, removeMember } from "./_groups.ts";
import {
  boolProblem,
  check,
  checkId,
  checkKeys,
  checkObject,
  checkOptText,
  checkValue,
  rankProblem,
  show,
} from "./_validate.ts";
import { eligibility } from "./eligibility.ts";
import { resolveAssignment } from "./precedence.ts";
import {
  type EffectivePolicy,
  type Eligibility,
  type EligibilityOptions,
  GLOBAL_POLICY_ID,
  type GroupInfo,
  type PolicyInfo,
  type PolicyValue,
  type TenantInfo,
  type UserInfo,
  type UserSetting,
} from "./types.ts";

/** Options of `new PolicyStore()`. */
export interface PolicyStoreOptions {
  /** Token generator for `issueToken()` without a token; default: 256 bits from `crypto.getRandomValues`. */
  randomToken?: () => string;
  /** Clock for token expiry (SPEC §10), Unix ms; default `Date.now`. */
  now?: () => number;
}

/** Who a policy is assigned to: exactly one of a user or a group of the tenant. */
export type AssignTarget = { user: string } | { group: string };

/** In-memory E2EE calling policy model of SPEC §3 (Teams: CsTeamsEnhancedEncryptionPolicy). */
export class PolicyStore {
  #r = new Records();
  #tenants = this.#r.tenants;
  #users = this.#r.users;
  // SPEC §2.5 (S1), §10: bearer tokens live in their own store, keyed by user id.
  #tokens: TokenStore;

  /** Creates an empty store. */
  constructor(opts: PolicyStoreOptions = {}) {
    if (opts.randomToken !== undefined && typeof opts.randomToken !== "function") {
      throw new TypeError("randomToken must be a function");
    }
    if (opts.now !== undefined && typeof opts.now !== "function") throw new TypeError("now must be a function");
    this.#tokens = new TokenStore(opts.randomToken, opts.now);
  }

  /** Rebuilds a store from `toJSON()` output; throws POLICY_INVALID with `detail.errors` (SPEC §3.5). */
  static fromJSON(json: unknown, opts?: PolicyStoreOptions): PolicyStore {
    const { doc, errors } = validateDocument(json, "state");
    if (doc === undefined) throw documentError("Policy state", errors);
    const store = new PolicyStore(opts);
    store.#r.load(doc, (userId, tokens) => store.#tokens.load(userId, tokens));
    return store;
  }

  /** The whole state as a plain policy document (SPEC §3.5); `fromJSON()` restores it exactly. */
  toJSON(): PolicyDocument {
    return this.#r.toDocument((userId) => this.#tokens.toDoc(userId));
  }

  // ---- lookups (validate the id, then throw POLICY_NOT_FOUND) ----

  #tenant = (id: unknown) => this.#r.tenant(id);
  #user = (id: unknown) => this.#r.user(id);
  #userIn: Records["userIn"] = (t, id) => this.#r.userIn(t, id);
  #policy: Records["policy"] = (t, id) => this.#r.policy(t, id);
  #group: Records["group"] = (t, id) => this.#r.group(t, id);

  // ---- tenants ----

  /** Creates a tenant whose global policy is `disabled` (SPEC §3.1, P1). */
  createTenant(id: string, name?: string): TenantInfo {
    const tid = checkId(id, "tenant id");
    const nm = checkOptText(name, "tenant name");
    if (this.#tenants.has(tid)) throw conflict(`Tenant ${show(tid)} already exists`);
    const rec: TenantRec = { id: tid, policies: new Map(), groups: new Map() };
    if (nm !== undefined) rec.name = nm;
    // SPEC §3.1 (P1): a new tenant's global E2EE calling policy is `disabled`.
    rec.policies.set(GLOBAL_POLICY_ID, { id: GLOBAL_POLICY_ID, value: "disabled" });
    this.#tenants.set(tid, rec);
    return this.getTenant(tid);
  }

  /** Deletes a tenant with its policies, groups, users and their tokens. */
  deleteTenant(id: string): void {
    const t = this.#tenant(id);
    for (const u of [...this.#users.values()]) {
      if (u.tenantId !== t.id) continue;
      this.#users.delete(u.id);
      this.#tokens.revokeAll(u.id);
    }
    this.#tenants.delete(t.id);
  }

  /** One tenant; throws POLICY_NOT_FOUND. */
  getTenant(id: string): TenantInfo {
    const t = this.#tenant(id);
    const info: TenantInfo = { id: t.id, globalPolicy: t.policies.get(GLOBAL_POLICY_ID)!.value };
    if (t.name !== undefined) info.name = t.name;
    return info;
  }

  /** Every tenant, in creation order. */
  listTenants(): TenantInfo[] {
    return [...this.#tenants.keys()].map((id) => this.getTenant(id));
  }

  // ---- policies ----

  /** Creates a custom policy; `Global` and existing ids are POLICY_CONFLICT (SPEC §3.1, P2). */
  createPolicy(tenantId: string, policy: { id: string; value: PolicyValue; description?: string }): PolicyInfo {
    const t = this.#tenant(tenantId);
    const o = checkObject(policy, "policy");
    checkKeys(o, ["id", "value", "description"], "policy");
    const pid = checkId(o.id, "policy id");
    const value = checkValue(o.value);
    const description = checkOptText(o.description, "policy description");
    if (t.policies.has(pid)) throw conflict(`Policy ${show(pid)} already exists in tenant ${show(t.id)}`);
    t.policies.set(pid, description === undefined ? { id: pid, value } : { id: pid, value, description });
    return this.getPolicy(t.id, pid);
  }

  /** Sets a policy's value; `Global` sets the tenant's global policy (SPEC §3.1, P2). */
  setPolicyValue(tenantId: string, policyId: string, value: PolicyValue): PolicyInfo {
    const t = this.#tenant(tenantId);
    const v = checkValue(value);
    const p = this.#policy(t, policyId);
    p.value = v;
    return this.getPolicy(t.id, p.id);
  }

  /** Deletes a custom policy; `Global` or a policy still assigned is POLICY_CONFLICT (SPEC §3.1). */
  deletePolicy(tenantId: string, policyId: string): void {
    const t = this.#tenant(tenantId);
    const p = this.#policy(t, policyId);
    if (p.id === GLOBAL_POLICY_ID) throw conflict(`Policy "Global" cannot be deleted`);
    const assignedTo: string[] = [];
    for (const u of this.#users.values()) if (u.tenantId === t.id && u.policy === p.id) assignedTo.push(`user:${u.id}`);
    for (const g of t.groups.values()) if (g.policy === p.id) assignedTo.push(`group:${g.id}`);
    if (assignedTo.length > 0) {
      throw conflict(`Policy ${show(p.id)} is still assigned: ${assignedTo.join(", ")}`, { assignedTo });
    }
    t.policies.delete(p.id);
  }

  /** One policy (`Global` included); throws POLICY_NOT_FOUND. */
  getPolicy(tenantId: string, policyId: string): PolicyInfo {
    const p = this.#policy(this.#tenant(tenantId), policyId);
    return { ...p };
  }

  /** Every policy of a tenant, `Global` first. */
  listPolicies(tenantId: string): PolicyInfo[] {
    return [...this.#tenant(tenantId).policies.values()].map((p) => ({ ...p }));
  }

  // ---- groups ----

  /** Creates a group; every member must be a user of the tenant, listed once (SPEC §3.1). */
  createGroup(tenantId: string, group: { id: string; rank: number; members?: string[] }): GroupInfo {
    const t = this.#tenant(tenantId);
    const g = newGroup(t, group, this.#userIn);
    t.groups.set(g.id, g);
    return this.getGroup(t.id, g.id);
  }

  /** Deletes a group and with it the group's assignment. */
  deleteGroup(tenantId: string, groupId: string): void {
    const t = this.#tenant(tenantId);
    const g = this.#group(t, groupId);
    t.groups.delete(g.id);
  }

  /** Adds a user of the tenant to a group; an existing member is POLICY_CONFLICT. */
  addMember(tenantId: string, groupId: string, userId: string): GroupInfo {
    const t = this.#tenant(tenantId);
    const g = this.#group(t, groupId);
    addMember(g, this.#userIn(t, userId));
    return this.getGroup(t.id, g.id);
  }

  /** Removes a member from a group; a non-member is POLICY_NOT_FOUND. */
  removeMember(tenantId: string, groupId: string, userId: string): GroupInfo {
    const t = this.#tenant(tenantId);
    const g = this.#group(t, groupId);
    removeMember(g, userId);
    return this.getGroup(t.id, g.id);
  }

  /** Sets a group's rank, a safe integer; higher wins (SPEC §3.2). */
  setRank(tenantId: string, groupId: string, rank: number): GroupInfo {
    const t = this.#tenant(tenantId);
    check(rankProblem(rank), "group rank");
    const g = this.#group(t, groupId);
    g.rank = rank;
    return this.getGroup(t.id, g.id);
  }

  /** One group; throws POLICY_NOT_FOUND. */
  getGroup(tenantId: string, groupId: string): GroupInfo {
    const g = this.#group(this.#tenant(tenantId), groupId);
    return { ...g, members: [...g.members] };
  }

  /** Every group of a tenant, in creation order. */
  listGroups(tenantId: string): GroupInfo[] {
    return [...this.#tenant(tenantId).groups.values()].map((g) => ({ ...g, members: [...g.members] }));
  }

  // ---- users ----

  /** Creates a user with the E2EE setting off (SPEC §3.3, P3); user ids are unique across tenants. */
  createUser(user: { id: string; tenantId: string; displayName?: string; complianceRecording?: boolean }): UserInfo {
    const o = checkObject(user, "user");
    checkKeys(o, ["id", "tenantId", "displayName", "complianceRecording"], "user");
    const uid = checkId(o.id, "user id");
    const t = this.#tenant(o.tenantId);
    const displayName = checkOptText(o.displayName, "display name");
    if (o.complianceRecording !== undefined) check(boolProblem(o.complianceRecording), "complianceRecording");
    if (this.#users.has(uid)) throw conflict(`User ${show(uid)} already exists`);
    const rec: UserRec = {
      id: uid,
      tenantId: t.id,
      complianceRecording: o.complianceRecording === true,
      e2ee: false, // SPEC §3.3 (P3): off until the user turns it on
      policy: null,
    };
    if (displayName !== undefined) rec.displayName = displayName;
    this.#users.set(uid, rec);
    return this.getUser(uid);
  }

  /** Deletes a user, its group memberships and its tokens. */
  deleteUser(userId: string): void {
    const u = this.#user(userId);
    for (const g of this.#tenants.get(u.tenantId)!.groups.values()) {
      const i = g.members.indexOf(u.id);
      if (i >= 0) g.members.splice(i, 1);
    }
    this.#users.delete(u.id);
    this.#tokens.revokeAll(u.id);
  }

  /** Sets whether a user is under compliance recording (hides the E2EE setting, SPEC §3.3). */
  setComplianceRecording(userId: string, on: boolean): UserInfo {
    check(boolProblem(on), "complianceRecording");
    const u = this.#user(userId);
    u.complianceRecording = on;
    return this.getUser(u.id);
  }

  /** One user (tokens counted, never returned); throws POLICY_NOT_FOUND. */
  getUser(userId: string): UserInfo {
    return this.#info(this.#user(userId));
  }

  /** Every user, or those of one tenant, in creation order. */
  listUsers(tenantId?: string): UserInfo[] {
    const tid = tenantId === undefined ? undefined : this.#tenant(tenantId).id;
    return [...this.#users.values()].filter((u) => tid === undefined || u.tenantId === tid).map((u) => this.#info(u));
  }

  #info(u: UserRec): UserInfo {
    const info: UserInfo = {
      id: u.id,
      tenantId: u.tenantId,
      complianceRecording: u.complianceRecording,
      e2eeSetting: u.e2ee,
      policy: u.policy,
      tokenCount: this.#tokens.count(u.id),
    };
    if (u.displayName !== undefined) info.displayName = u.displayName;
    return info;
  }

  // ---- assignments ----

  /**
   * Assigns a custom policy to a user or a group of the tenant; `policyId: null` removes the assignment
   * (SPEC §3.2, P2). `Global` cannot be assigned: it applies when nothing else does.
   */
  assignPolicy(tenantId: string, assignment: { to: AssignTarget; policyId: string | null }): void {
    const t = this.#tenant(tenantId);
    const { to, policyId } = checkAssignment(assignment);
    const target = "user" in to ? this.#userIn(t, to.user) : this.#group(t, to.group);
    const policy = policyId === null ? null : this.#policy(t, policyId).id;
    target.policy = policy;
  }

  // ---- tokens (SPEC §2.5 S1, §10; stored in tokens.ts) ----

  /**
   * Issues a bearer token for a user (generated when omitted), valid for `ttlS` seconds when given, and returns it;
   * a token in use is POLICY_CONFLICT.
   */
  issueToken(userId: string, token?: string, ttlS?: number): string {
    return this.issueTokenRec(userId, token, ttlS).token;
  }

  /** As `issueToken()`, with the expiry (Unix ms, or null). */
  issueTokenRec(userId: string, token?: string, ttlS?: number): TokenRec {
    const u = this.#user(userId);
    return this.#tokens.issue(u.id, token, ttlS);
  }

  /** Revokes a token and returns its user's id; an unknown token is POLICY_NOT_FOUND. */
  revokeToken(token: string): string {
    return this.#tokens.revoke(token);
  }

  /** Revokes every token of a user; returns how many were revoked. */
  revokeTokens(userId: string): number {
    return this.#tokens.revokeAll(this.#user(userId).id);
  }

  /**
   * The user holding `token` while it is neither revoked nor expired, or null. Compares against every stored token in
   * constant time, with no early exit (SPEC §3.1); any non-string or malformed input is simply null.
   */
  authenticate(token: unknown): UserInfo | null {
    const id = this.#tokens.authenticate(token);
    const u = id === null ? undefined : this.#users.get(id);
    return u === undefined ? null : this.#info(u);
  }

  /** When a valid token expires (Unix ms), null for never, undefined when it does not authenticate (SPEC §10). */
  tokenExpiry(token: unknown): number | null | undefined {
    return this.#tokens.expiresAt(token);
  }

  // ---- queries ----

  /** The user's effective policy: user > highest-ranked group > global (SPEC §3.2, P2). */
  effectivePolicy(userId: string): EffectivePolicy {
    const u = this.#user(userId);
    const t = this.#tenants.get(u.tenantId)!;
    const groups = [];
    for (const g of t.groups.values()) {
      if (g.policy !== null && g.members.includes(u.id)) {
        groups.push({ groupId: g.id, rank: g.rank, policyId: g.policy });
      }
    }
    const r = resolveAssignment(u.policy, groups);
    return { value: t.policies.get(r.policyId)!.value, policyId: r.policyId, source: r.source };
  }

  /** The user's E2EE setting as every device of the user shows it (SPEC §3.3, P3). */
  getSetting(userId: string): UserSetting {
    const u = this.#user(userId);
    const effective = this.effectivePolicy(u.id);
    // SPEC §3.3 (P3): visible only under `userControlled` and without compliance recording.
    const visible = effective.value === "userControlled" && !u.complianceRecording;
    // SPEC §3.3: a hidden setting is reported as off (the stored value is kept but has no effect).
    return { visible, enabled: visible && u.e2ee, effective };
  }

  /** Turns the user's E2EE setting on or off; POLICY_DISALLOWS, no change, where it is not visible (SPEC §3.3, P3). */
  setSetting(userId: string, enabled: boolean): UserSetting {
    check(boolProblem(enabled), "setting");
    const u = this.#user(userId);
    const s = this.getSetting(u.id);
    if (!s.visible) {
      const why = u.complianceRecording && s.effective.value === "userControlled"
        ? "the user has compliance recording"
        : `effective policy ${show(s.effective.policyId)} (${s.effective.source}) is "disabled"`;
      throw new ShieldCallError("POLICY_DISALLOWS", `E2EE setting of user ${show(u.id)} cannot be changed: ${why}`, {
        effective: s.effective,
      });
    }
    u.e2ee = enabled; // SPEC §3.3 (P3): stored per user, so every device of the user sees the same value
    return this.getSetting(u.id);
  }

  /** Whether a call from `callerId` to `calleeId` is E2EE, with every reason it is not (SPEC §3.4, P4). */
  eligibility(callerId: string, calleeId: string, opts?: EligibilityOptions): Eligibility {
    return eligibility(this, callerId, calleeId, opts);
  }
}
