/**
 * HTTP admin API (SPEC §10): the admin-center / PowerShell counterpart of the policy file.
 * Every mutation is validated by the policy store before anything changes (S2) and persisted with --state.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { isShieldCallError, ShieldCallError } from "../errors.ts";
import type { ErrorCode } from "../errors.ts";
import type { PolicyStore } from "../policy/mod.ts";
import { parseAdversaryPlan } from "./adversary.ts";
import type { AdversaryQueue } from "./adversary.ts";
import { type CallRecord, isE2eeTopology } from "./calls.ts";
import type { SignalingHub } from "./hub.ts";
import type { MediaPlane } from "./media_plane.ts";

/** What the admin API acts on. */
export interface AdminContext {
  store: PolicyStore;
  hub: SignalingHub;
  media: MediaPlane;
  adversary: AdversaryQueue;
  persist: () => void;
  adminToken?: string | undefined;
}

const MAX_BODY = 64 * 1024;
/** `POST /admin/users/:u/inject` carries up to 16 frames of up to 1 MiB each (SPEC §10). */
const MAX_INJECT_BODY = 17 * 1024 * 1024;

const STATUS: Partial<Record<ErrorCode, number>> = {
  AUTH_FAILED: 401,
  AUTH_REQUIRED: 401,
  POLICY_DISALLOWS: 403,
  POLICY_NOT_FOUND: 404,
  CALL_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  POLICY_CONFLICT: 409,
  PROTO_TOO_LARGE: 413,
  INTERNAL: 500,
};

async function readBody(req: IncomingMessage, max: number): Promise<unknown> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Uint8Array).length;
    if (size > max) throw new ShieldCallError("PROTO_TOO_LARGE", `Request body exceeds ${max} bytes`);
    chunks.push(c as Uint8Array);
  }
  if (size === 0) return {};
  const text = new TextDecoder().decode(concat(chunks));
  try {
    return JSON.parse(text);
  } catch {
    throw new ShieldCallError("PROTO_PARSE", "Request body is not valid JSON");
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/**
 * SPEC §3.1, §10: admin bodies are closed objects. The members each route accepts; a body with any other member
 * (including `__proto__`) is POLICY_INVALID before anything changes (S2).
 */
const BODY_KEYS: Record<string, readonly string[]> = {
  "POST /tenants": ["id", "name"],
  "PUT /tenants/:/global": ["value"],
  "POST /tenants/:/policies": ["id", "value", "description"],
  "PUT /tenants/:/policies/:": ["value"],
  "POST /tenants/:/groups": ["id", "rank"],
  "POST /tenants/:/groups/:/members": ["user"],
  "PUT /tenants/:/groups/:/policy": ["policy"],
  "POST /tenants/:/users": ["id", "displayName", "complianceRecording"],
  "PUT /users/:/compliance": ["enabled"],
  "PUT /users/:/policy": ["policy"],
  "POST /users/:/tokens": ["token", "ttl"],
  "POST /tokens/revoke": ["token"],
  "PUT /users/:/e2ee": ["enabled"],
  "PUT /users/:/callcontrol": ["voicemail", "simultaneousRing"],
  "POST /users/:/inject": ["frames"],
  "POST /adversary": ["mode", "seed", "caller", "rate"],
};

/** SPEC §3.1, §10: refuses a body that is not an object or has a member the route does not accept. */
function checkBody(key: string, body: unknown): void {
  const allowed = BODY_KEYS[key];
  if (body === undefined || allowed === undefined) return;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ShieldCallError("POLICY_INVALID", "Request body must be a JSON object");
  }
  const extra = Object.keys(body).find((k) => !allowed.includes(k));
  if (extra !== undefined) {
    throw new ShieldCallError(
      "POLICY_INVALID",
      `Unknown field "${extra.slice(0, 64)}" in the body of "${key}": expected only ${
        allowed.map((k) => `"${k}"`).join(", ")
      }`,
    );
  }
}

/** Reads a required field of a JSON object body with a type check; POLICY_INVALID otherwise. */
function field<T extends "string" | "boolean" | "number">(
  body: unknown,
  name: string,
  type: T,
  optional = false,
): (T extends "string" ? string : T extends "boolean" ? boolean : number) | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new ShieldCallError("POLICY_INVALID", "Request body must be a JSON object");
  }
  const v = (body as Record<string, unknown>)[name];
  if (v === undefined && optional) return undefined;
  // deno-lint-ignore valid-typeof -- `type` is one of the typeof names, given by each caller
  if (typeof v !== type) throw new ShieldCallError("POLICY_INVALID", `Field "${name}" must be a ${type}`);
  return v as never;
}

/** A call's public summary for `GET /admin/calls`. */
function summary(c: CallRecord) {
  return {
    id: c.id,
    caller: c.caller.userId,
    callee: c.callee.userId,
    via: c.via,
    voicemail: c.voicemail,
    phase: c.phase,
    topology: c.topology,
    e2ee: isE2eeTopology(c.topology),
    createdAt: c.createdAt,
    endedAt: c.endedAt,
    endReason: c.endReason,
    endCode: c.endCode,
  };
}

/** Handles one admin request. Never throws: errors become `{error: {code, message}}` with an HTTP status. */
export async function handleAdmin(ctx: AdminContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const url = new URL(req.url ?? "/", "http://admin.invalid");
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== "admin") throw new ShieldCallError("CALL_NOT_FOUND", `No such resource "${url.pathname}"`);
    if (ctx.adminToken !== undefined && req.headers.authorization !== `Bearer ${ctx.adminToken}`) {
      throw new ShieldCallError("AUTH_FAILED", "Authentication failed");
    }
    const max = parts[1] === "users" && parts[3] === "inject" ? MAX_INJECT_BODY : MAX_BODY;
    const body = req.method === "POST" || req.method === "PUT" ? await readBody(req, max) : undefined;
    const out = route(ctx, req.method ?? "GET", parts.slice(1), body, url.searchParams);
    send(res, 200, out ?? { ok: true });
  } catch (e) {
    const err = isShieldCallError(e) ? e : new ShieldCallError("INTERNAL", "Internal error");
    send(res, STATUS[err.code] ?? 400, { error: err.toJSON() });
  }
}

function route(ctx: AdminContext, method: string, p: string[], body: unknown, q: URLSearchParams): unknown {
  const { store } = ctx;
  const key = `${method} /${p.map((s, i) => (i % 2 === 1 && p.length > 1 && p[0] !== "tokens" ? ":" : s)).join("/")}`;
  checkBody(key, body);
  const mutate = <T>(f: () => T): T => {
    const r = f();
    ctx.persist();
    return r;
  };
  switch (key) {
    case "GET /health":
      return { ok: true, endpoints: ctx.hub.endpoints.all().length, liveCalls: ctx.hub.calls.live().length };
    case "GET /state":
      return store.toJSON();
    case "POST /tenants":
      return mutate(() => store.createTenant(field(body, "id", "string")!, field(body, "name", "string", true)));
    case "PUT /tenants/:/global":
      return mutate(() => store.setPolicyValue(p[1]!, "Global", field(body, "value", "string") as never));
    case "POST /tenants/:/policies":
      return mutate(() => {
        const desc = field(body, "description", "string", true);
        return store.createPolicy(p[1]!, {
          id: field(body, "id", "string")!,
          value: field(body, "value", "string") as never,
          ...(desc !== undefined ? { description: desc } : {}),
        });
      });
    case "PUT /tenants/:/policies/:":
      return mutate(() => store.setPolicyValue(p[1]!, p[3]!, field(body, "value", "string") as never));
    case "DELETE /tenants/:/policies/:":
      return mutate(() => store.deletePolicy(p[1]!, p[3]!));
    case "POST /tenants/:/groups":
      return mutate(() =>
        store.createGroup(p[1]!, { id: field(body, "id", "string")!, rank: field(body, "rank", "number")! })
      );
    case "POST /tenants/:/groups/:/members":
      return mutate(() => store.addMember(p[1]!, p[3]!, field(body, "user", "string")!));
    case "DELETE /tenants/:/groups/:/members/:":
      return mutate(() => store.removeMember(p[1]!, p[3]!, p[5]!));
    case "PUT /tenants/:/groups/:/policy":
      return mutate(() => store.assignPolicy(p[1]!, { to: { group: p[3]! }, policyId: nullableId(body) }));
    case "POST /tenants/:/users": {
      const displayName = field(body, "displayName", "string", true);
      const compliance = field(body, "complianceRecording", "boolean", true);
      return mutate(() =>
        store.createUser({
          id: field(body, "id", "string")!,
          tenantId: p[1]!,
          ...(displayName !== undefined ? { displayName } : {}),
          ...(compliance !== undefined ? { complianceRecording: compliance } : {}),
        })
      );
    }
    case "GET /users/:":
      return {
        user: redact(store.getUser(p[1]!)),
        effectivePolicy: store.effectivePolicy(p[1]!),
        setting: store.getSetting(p[1]!),
      };
    case "PUT /users/:/compliance":
      return mutate(() => store.setComplianceRecording(p[1]!, field(body, "enabled", "boolean")!));
    case "PUT /users/:/policy":
      return mutate(() =>
        store.assignPolicy(store.getUser(p[1]!).tenantId, { to: { user: p[1]! }, policyId: nullableId(body) })
      );
    case "POST /users/:/tokens": {
      // SPEC §10 (S1): a token may expire (`ttl` seconds); `expiresAt` is Unix ms or null.
      const ttl = field(body, "ttl", "number", true);
      return mutate(() => store.issueTokenRec(p[1]!, field(body, "token", "string", true), ttl));
    }
    case "DELETE /users/:/tokens": {
      // SPEC §10 (S1): revoking a user's tokens also closes the connections they authenticated.
      const revoked = mutate(() => store.revokeTokens(p[1]!));
      return { revoked, closed: ctx.hub.dropUnauthenticated() };
    }
    case "POST /tokens/revoke": {
      const user = mutate(() => store.revokeToken(field(body, "token", "string")!));
      return { user, closed: ctx.hub.dropUnauthenticated() };
    }
    case "GET /users/:/e2ee":
      return store.getSetting(p[1]!);
    case "PUT /users/:/e2ee":
      return mutate(() => store.setSetting(p[1]!, field(body, "enabled", "boolean")!));
    case "GET /users/:/callcontrol":
      store.getUser(p[1]!);
      return ctx.hub.core.settings.get(p[1]!);
    case "PUT /users/:/callcontrol":
      // SPEC §10, §4.5 (F9): voicemail and simultaneous ring; validated before anything changes (S2).
      store.getUser(p[1]!);
      return ctx.hub.core.settings.set(p[1]!, body, (id) => ctx.hub.core.userExists(id));
    case "GET /users/:/endpoints":
      // SPEC §10: per endpoint, the frames it sent and the errors the service answered (robustness evidence, S2).
      store.getUser(p[1]!);
      return { endpoints: ctx.hub.traffic(p[1]!) };
    case "GET /users/:/voicemails":
      store.getUser(p[1]!);
      return { voicemails: ctx.hub.core.voicemail.list(p[1]!) };
    case "GET /eligibility":
      return store.eligibility(q.get("caller") ?? "", q.get("callee") ?? "");
    case "GET /calls":
      return { calls: ctx.hub.calls.list().map(summary) };
    case "GET /calls/:": {
      const call = ctx.hub.calls.get(p[1]!);
      return { ...call, e2ee: { ...call.e2ee }, evidence: ctx.media.evidence(call.id) };
    }
    case "POST /users/:/inject": {
      // SPEC §10, §12: robustness cases send raw (malformed or out-of-state) frames to a user's endpoints.
      const frames = (body as { frames?: unknown } | null)?.frames;
      if (
        !Array.isArray(frames) || frames.length === 0 || frames.length > 16 ||
        frames.some((f) => typeof f !== "string" || f.length > 1 << 20)
      ) {
        throw new ShieldCallError("POLICY_INVALID", 'Field "frames" must be 1–16 strings of at most 1 MiB');
      }
      store.getUser(p[1]!);
      const eps = ctx.hub.endpoints.ofUser(p[1]!);
      for (const ep of eps) for (const f of frames as string[]) ep.conn.send(f);
      return { endpoints: eps.length, frames: frames.length };
    }
    case "POST /adversary": {
      const plan = parseAdversaryPlan(body);
      ctx.adversary.arm(plan);
      return { armed: plan, pending: ctx.adversary.pending().length };
    }
    case "GET /adversary":
      return { pending: ctx.adversary.pending() };
    case "DELETE /adversary":
      ctx.adversary.clear();
      return { pending: 0 };
    default:
      throw new ShieldCallError("CALL_NOT_FOUND", `No admin route "${method} /admin/${p.join("/")}"`);
  }
}

function nullableId(body: unknown): string | null {
  const v = (body as Record<string, unknown> | null)?.policy;
  if (v === null) return null;
  if (typeof v !== "string") throw new ShieldCallError("POLICY_INVALID", 'Field "policy" must be a policy id or null');
  return v;
}

/** A user without its tokens (the admin API never echoes secrets it did not just issue). */
function redact(u: object): object {
  const { tokens: _t, ...rest } = u as { tokens?: unknown };
  return rest;
}
