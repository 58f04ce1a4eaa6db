/**
 * `shieldcall admin …`: a thin client of the admin API (SPEC §10) — the PowerShell / admin-center counterpart.
 */

/** Options of `shieldcall admin`. */
export interface AdminArgs {
  args: string[];
  url: string;
  adminToken?: string;
  json: boolean;
}

type Req = { method: string; path: string; body?: unknown };

const onOff = (v: string | undefined): boolean => {
  if (v === "on" || v === "true") return true;
  if (v === "off" || v === "false") return false;
  throw new UsageError(`Expected "on" or "off", got "${v ?? ""}"`);
};
const policyOrNone = (v: string | undefined): string | null => (v === "none" ? null : need(v, "policy id or none"));

class UsageError extends Error {}

function need(v: string | undefined, what: string): string {
  if (v === undefined || v === "") throw new UsageError(`Missing ${what}`);
  return v;
}

/** The admin commands, their usage line and the request each makes. */
export const ADMIN_COMMANDS: Record<string, { usage: string; make: (a: string[]) => Req }> = {
  "tenant create": { usage: "tenant create <id> [name]", make: (a) => ({ method: "POST", path: "/tenants", body: { id: need(a[0], "tenant id"), ...(a[1] ? { name: a[1] } : {}) } }) },
  "tenant global": { usage: "tenant global <tenant> disabled|userControlled", make: (a) => ({ method: "PUT", path: `/tenants/${enc(a[0], "tenant")}/global`, body: { value: need(a[1], "policy value") } }) },
  "policy create": { usage: "policy create <tenant> <id> disabled|userControlled", make: (a) => ({ method: "POST", path: `/tenants/${enc(a[0], "tenant")}/policies`, body: { id: need(a[1], "policy id"), value: need(a[2], "policy value") } }) },
  "policy set": { usage: "policy set <tenant> <id> disabled|userControlled", make: (a) => ({ method: "PUT", path: `/tenants/${enc(a[0], "tenant")}/policies/${enc(a[1], "policy")}`, body: { value: need(a[2], "policy value") } }) },
  "policy delete": { usage: "policy delete <tenant> <id>", make: (a) => ({ method: "DELETE", path: `/tenants/${enc(a[0], "tenant")}/policies/${enc(a[1], "policy")}` }) },
  "group create": { usage: "group create <tenant> <id> <rank>", make: (a) => ({ method: "POST", path: `/tenants/${enc(a[0], "tenant")}/groups`, body: { id: need(a[1], "group id"), rank: Number(need(a[2], "rank")) } }) },
  "group add": { usage: "group add <tenant> <group> <user>", make: (a) => ({ method: "POST", path: `/tenants/${enc(a[0], "tenant")}/groups/${enc(a[1], "group")}/members`, body: { user: need(a[2], "user id") } }) },
  "group remove": { usage: "group remove <tenant> <group> <user>", make: (a) => ({ method: "DELETE", path: `/tenants/${enc(a[0], "tenant")}/groups/${enc(a[1], "group")}/members/${enc(a[2], "user")}` }) },
  "group assign": { usage: "group assign <tenant> <group> <policy|none>", make: (a) => ({ method: "PUT", path: `/tenants/${enc(a[0], "tenant")}/groups/${enc(a[1], "group")}/policy`, body: { policy: policyOrNone(a[2]) } }) },
  "user create": { usage: "user create <tenant> <id> [displayName]", make: (a) => ({ method: "POST", path: `/tenants/${enc(a[0], "tenant")}/users`, body: { id: need(a[1], "user id"), ...(a[2] ? { displayName: a[2] } : {}) } }) },
  "user show": { usage: "user show <id>", make: (a) => ({ method: "GET", path: `/users/${enc(a[0], "user")}` }) },
  "user assign": { usage: "user assign <id> <policy|none>", make: (a) => ({ method: "PUT", path: `/users/${enc(a[0], "user")}/policy`, body: { policy: policyOrNone(a[1]) } }) },
  "user compliance": { usage: "user compliance <id> on|off", make: (a) => ({ method: "PUT", path: `/users/${enc(a[0], "user")}/compliance`, body: { enabled: onOff(a[1]) } }) },
  "token issue": { usage: "token issue <user> [token]", make: (a) => ({ method: "POST", path: `/users/${enc(a[0], "user")}/tokens`, body: a[1] ? { token: a[1] } : {} }) },
  "setting get": { usage: "setting get <user>", make: (a) => ({ method: "GET", path: `/users/${enc(a[0], "user")}/e2ee` }) },
  "setting set": { usage: "setting set <user> on|off", make: (a) => ({ method: "PUT", path: `/users/${enc(a[0], "user")}/e2ee`, body: { enabled: onOff(a[1]) } }) },
  "eligibility": { usage: "eligibility <caller> <callee>", make: (a) => ({ method: "GET", path: `/eligibility?caller=${enc(a[0], "caller")}&callee=${enc(a[1], "callee")}` }) },
  "calls list": { usage: "calls list", make: () => ({ method: "GET", path: "/calls" }) },
  "calls show": { usage: "calls show <callId>", make: (a) => ({ method: "GET", path: `/calls/${enc(a[0], "call id")}` }) },
  "adversary arm": { usage: "adversary arm <mode> [seed] [caller]", make: (a) => ({ method: "POST", path: "/adversary", body: { mode: need(a[0], "mode"), seed: Number(a[1] ?? 1), ...(a[2] ? { caller: a[2] } : {}) } }) },
  "adversary clear": { usage: "adversary clear", make: () => ({ method: "DELETE", path: "/adversary" }) },
  "state": { usage: "state", make: () => ({ method: "GET", path: "/state" }) },
  "health": { usage: "health", make: () => ({ method: "GET", path: "/health" }) },
};

function enc(v: string | undefined, what: string): string {
  return encodeURIComponent(need(v, what));
}

/** Finds the command named by the first one or two words of `args`. */
export function resolveAdminCommand(args: string[]): { make: (a: string[]) => Req; rest: string[] } | null {
  const two = `${args[0]} ${args[1]}`;
  if (ADMIN_COMMANDS[two]) return { make: ADMIN_COMMANDS[two].make, rest: args.slice(2) };
  if (args[0] !== undefined && ADMIN_COMMANDS[args[0]]) return { make: ADMIN_COMMANDS[args[0]].make, rest: args.slice(1) };
  return null;
}

/** Runs one admin command against the service and prints the JSON answer. */
export async function adminCommand(a: AdminArgs): Promise<number> {
  const usage = () => `Usage: shieldcall admin <command>\n${Object.values(ADMIN_COMMANDS).map((c) => `  ${c.usage}`).join("\n")}`;
  const cmd = resolveAdminCommand(a.args.map(String));
  if (!cmd) {
    console.error(`shieldcall admin: unknown command "${a.args.join(" ")}"\n${usage()}`);
    return 2;
  }
  let req: Req;
  try {
    req = cmd.make(cmd.rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`shieldcall admin: ${e.message}\n${usage()}`);
      return 2;
    }
    throw e;
  }
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (a.adminToken) headers.authorization = `Bearer ${a.adminToken}`;
  let res: Response;
  try {
    res = await fetch(a.url.replace(/\/$/, "") + req.path, {
      method: req.method,
      headers,
      ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
    });
  } catch (e) {
    console.error(`shieldcall admin: cannot reach ${a.url}: ${(e as Error).message}`);
    return 1;
  }
  const body = await res.json().catch(() => null) as { error?: { code: string; message: string } } | null;
  if (!res.ok) {
    console.error(`shieldcall admin: ${body?.error?.code ?? res.status}: ${body?.error?.message ?? res.statusText}`);
    return 1;
  }
  console.log(a.json ? JSON.stringify(body) : JSON.stringify(body, null, 2));
  return 0;
}
