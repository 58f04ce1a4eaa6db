/**
 * `shieldcall admin …`: a thin client of the admin API (SPEC §10) — the PowerShell / admin-center counterpart.
 */
import { didYouMean } from "./_suggest.ts";
import { authMessage, isAuthFailure } from "./_auth.ts";

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
export const ADMIN_COMMANDS: Record<string, { usage: string; describe: string; make: (a: string[]) => Req }> = {
  "tenant create": {
    describe: "create a tenant (its global policy starts disabled, P1)",
    usage: "tenant create <id> [name]",
    make: (a) => ({
      method: "POST",
      path: "/tenants",
      body: { id: need(a[0], "tenant id"), ...(a[1] ? { name: a[1] } : {}) },
    }),
  },
  "tenant global": {
    describe: "set the tenant's global E2EE policy",
    usage: "tenant global <tenant> disabled|userControlled",
    make: (a) => ({
      method: "PUT",
      path: `/tenants/${enc(a[0], "tenant")}/global`,
      body: { value: need(a[1], "policy value") },
    }),
  },
  "policy create": {
    describe: "create a named E2EE policy in a tenant",
    usage: "policy create <tenant> <id> disabled|userControlled",
    make: (a) => ({
      method: "POST",
      path: `/tenants/${enc(a[0], "tenant")}/policies`,
      body: { id: need(a[1], "policy id"), value: need(a[2], "policy value") },
    }),
  },
  "policy set": {
    describe: "change a policy's value",
    usage: "policy set <tenant> <id> disabled|userControlled",
    make: (a) => ({
      method: "PUT",
      path: `/tenants/${enc(a[0], "tenant")}/policies/${enc(a[1], "policy")}`,
      body: { value: need(a[2], "policy value") },
    }),
  },
  "policy delete": {
    describe: "delete a policy",
    usage: "policy delete <tenant> <id>",
    make: (a) => ({ method: "DELETE", path: `/tenants/${enc(a[0], "tenant")}/policies/${enc(a[1], "policy")}` }),
  },
  "group create": {
    describe: "create a group with a precedence rank",
    usage: "group create <tenant> <id> <rank>",
    make: (a) => ({
      method: "POST",
      path: `/tenants/${enc(a[0], "tenant")}/groups`,
      body: { id: need(a[1], "group id"), rank: Number(need(a[2], "rank")) },
    }),
  },
  "group add": {
    describe: "add a user to a group",
    usage: "group add <tenant> <group> <user>",
    make: (a) => ({
      method: "POST",
      path: `/tenants/${enc(a[0], "tenant")}/groups/${enc(a[1], "group")}/members`,
      body: { user: need(a[2], "user id") },
    }),
  },
  "group remove": {
    describe: "remove a user from a group",
    usage: "group remove <tenant> <group> <user>",
    make: (a) => ({
      method: "DELETE",
      path: `/tenants/${enc(a[0], "tenant")}/groups/${enc(a[1], "group")}/members/${enc(a[2], "user")}`,
    }),
  },
  "group assign": {
    describe: "assign a policy to a group (none: unassign)",
    usage: "group assign <tenant> <group> <policy|none>",
    make: (a) => ({
      method: "PUT",
      path: `/tenants/${enc(a[0], "tenant")}/groups/${enc(a[1], "group")}/policy`,
      body: { policy: policyOrNone(a[2]) },
    }),
  },
  "user create": {
    describe: "create a user (it gets a token with token issue)",
    usage: "user create <tenant> <id> [displayName]",
    make: (a) => ({
      method: "POST",
      path: `/tenants/${enc(a[0], "tenant")}/users`,
      body: { id: need(a[1], "user id"), ...(a[2] ? { displayName: a[2] } : {}) },
    }),
  },
  "user show": {
    describe: "show a user, its effective policy and setting",
    usage: "user show <id>",
    make: (a) => ({ method: "GET", path: `/users/${enc(a[0], "user")}` }),
  },
  "user assign": {
    describe: "assign a policy to a user (none: unassign)",
    usage: "user assign <id> <policy|none>",
    make: (a) => ({ method: "PUT", path: `/users/${enc(a[0], "user")}/policy`, body: { policy: policyOrNone(a[1]) } }),
  },
  "user compliance": {
    describe: "turn compliance recording on or off for a user",
    usage: "user compliance <id> on|off",
    make: (a) => ({ method: "PUT", path: `/users/${enc(a[0], "user")}/compliance`, body: { enabled: onOff(a[1]) } }),
  },
  "token issue": {
    describe: "issue a bearer token for a user (optionally the given one)",
    usage: "token issue <user> [token]",
    make: (a) => ({ method: "POST", path: `/users/${enc(a[0], "user")}/tokens`, body: a[1] ? { token: a[1] } : {} }),
  },
  "token expiring": {
    describe: "issue a token that expires after <ttl> seconds (SPEC §10)",
    usage: "token expiring <user> <ttl> [token]",
    make: (a) => ({
      method: "POST",
      path: `/users/${enc(a[0], "user")}/tokens`,
      body: { ttl: Number(need(a[1], "ttl in seconds")), ...(a[2] ? { token: a[2] } : {}) },
    }),
  },
  "token revoke": {
    describe: "revoke one token and close the connections it opened (SPEC §10)",
    usage: "token revoke <token>",
    make: (a) => ({ method: "POST", path: "/tokens/revoke", body: { token: need(a[0], "token") } }),
  },
  "token revoke-all": {
    describe: "revoke every token of a user (SPEC §10)",
    usage: "token revoke-all <user>",
    make: (a) => ({ method: "DELETE", path: `/users/${enc(a[0], "user")}/tokens` }),
  },
  "setting get": {
    describe: "read a user's E2EE setting",
    usage: "setting get <user>",
    make: (a) => ({ method: "GET", path: `/users/${enc(a[0], "user")}/e2ee` }),
  },
  "setting set": {
    describe: "set a user's E2EE setting (as the user would)",
    usage: "setting set <user> on|off",
    make: (a) => ({ method: "PUT", path: `/users/${enc(a[0], "user")}/e2ee`, body: { enabled: onOff(a[1]) } }),
  },
  "eligibility": {
    describe: "would a call between the two be E2EE, and why not",
    usage: "eligibility <caller> <callee>",
    make: (a) => ({ method: "GET", path: `/eligibility?caller=${enc(a[0], "caller")}&callee=${enc(a[1], "callee")}` }),
  },
  "calls list": { describe: "list calls", usage: "calls list", make: () => ({ method: "GET", path: "/calls" }) },
  "calls show": {
    describe: "show one call with its log and evidence",
    usage: "calls show <callId>",
    make: (a) => ({ method: "GET", path: `/calls/${enc(a[0], "call id")}` }),
  },
  "adversary arm": {
    describe: "arm an adversary mode for the next call (SPEC §8)",
    usage: "adversary arm <mode> [seed] [caller]",
    make: (a) => ({
      method: "POST",
      path: "/adversary",
      body: { mode: need(a[0], "mode"), seed: Number(a[1] ?? 1), ...(a[2] ? { caller: a[2] } : {}) },
    }),
  },
  "adversary clear": {
    describe: "disarm the adversary",
    usage: "adversary clear",
    make: () => ({ method: "DELETE", path: "/adversary" }),
  },
  "state": { describe: "dump the whole policy state", usage: "state", make: () => ({ method: "GET", path: "/state" }) },
  "health": {
    describe: "check that the service answers",
    usage: "health",
    make: () => ({ method: "GET", path: "/health" }),
  },
};

function enc(v: string | undefined, what: string): string {
  return encodeURIComponent(need(v, what));
}

const ADMIN_USAGE = new Map(Object.values(ADMIN_COMMANDS).map((c) => [c.make, c.usage]));
const ADMIN_KEY = new Map(Object.entries(ADMIN_COMMANDS).map(([k, c]) => [c.make, k]));

/** Finds the command named by the first one or two words of `args`. */
export function resolveAdminCommand(args: string[]): { make: (a: string[]) => Req; rest: string[] } | null {
  const two = `${args[0]} ${args[1]}`;
  if (ADMIN_COMMANDS[two]) return { make: ADMIN_COMMANDS[two].make, rest: args.slice(2) };
  if (args[0] !== undefined && ADMIN_COMMANDS[args[0]]) {
    return { make: ADMIN_COMMANDS[args[0]].make, rest: args.slice(1) };
  }
  return null;
}

/** Runs one admin command against the service and prints the JSON answer. */
export async function adminCommand(a: AdminArgs): Promise<number> {
  const usage = () => `Run "shieldcall admin --help" for every admin command`;
  const cmd = resolveAdminCommand(a.args.map(String));
  if (!cmd) {
    const known = Object.keys(ADMIN_COMMANDS);
    const hint = didYouMean(a.args.slice(0, 2).join(" "), known);
    console.error(`shieldcall admin: Unknown admin command "${a.args.join(" ")}"${hint} (${usage()})`);
    return 2;
  }
  let req: Req;
  try {
    // Strict like every flag: an argument the command has no place for is an error, never dropped.
    const max = (ADMIN_USAGE.get(cmd.make) ?? "").split(" ").length - (ADMIN_KEY.get(cmd.make) ?? "").split(" ").length;
    if (cmd.rest.length > max) {
      throw new UsageError(`Unexpected argument "${cmd.rest[max]}" (quote a value that has spaces)`);
    }
    req = cmd.make(cmd.rest);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(
        `shieldcall admin: ${e.message}: usage "shieldcall admin ${ADMIN_USAGE.get(cmd.make) ?? ""}" (${usage()})`,
      );
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
  if (!res.ok && isAuthFailure(body?.error)) {
    // SPEC §9 AUTH_FAILED says nothing more; the CLI knows which token it sent and where it came from.
    const who = `the admin API at ${a.url}`;
    console.error(`shieldcall admin: ${authMessage(who, "--admin-token", a.adminToken !== undefined)}`);
    return 1;
  }
  if (!res.ok) {
    console.error(`shieldcall admin: ${body?.error?.code ?? res.status}: ${body?.error?.message ?? res.statusText}`);
    return 1;
  }
  console.log(a.json ? JSON.stringify(body) : JSON.stringify(body, null, 2));
  return 0;
}
