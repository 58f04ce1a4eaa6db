/**
 * The users of `shieldcall call`: existing users of a running service (`--as`/`--to`, tokens given or issued through
 * the admin API, SPEC §10) or a new demo tenant (SPEC §3.3: userControlled, the E2EE setting of --e2ee). A refused
 * credential is named with the flag that supplied it (SPEC §9 AUTH_FAILED says nothing more).
 */
import type { AdminClient } from "../service/mod.ts";
import { naming } from "./_auth.ts";
import { THIRD } from "./call_control.ts";

/** Who calls whom, their tokens, and where each token came from (for a refused one). */
export interface CallUsers {
  caller: string;
  callee: string;
  third: string | null;
  tokens: Record<string, string>;
  /** The flag that supplied a user's token, or null when the CLI issued it. */
  tokenFlag: Record<string, string | null>;
  /** SPEC §3.4: whether the call should be E2EE (null: unknown). */
  expectedE2EE: boolean | null;
  /** One line for the operator. */
  summary: string;
}

/** The options of `call` this needs. */
export interface UsersArgs {
  e2ee: boolean;
  service?: string;
  adminToken?: string;
  as?: string;
  asToken?: string;
  to?: string;
  toToken?: string;
  feature?: string;
  third?: string;
}

/** Runs an admin request, naming --admin-token when the admin API refuses it. */
export function viaAdmin<T>(admin: AdminClient, a: UsersArgs, f: () => Promise<T>): Promise<T> {
  return naming(f, `the admin API at ${admin.baseUrl}`, "--admin-token", a.service ? a.adminToken !== undefined : true);
}

/** Sets up the users of the call (`tag` makes demo names unique). */
export async function callUsers(admin: AdminClient, a: UsersArgs, tag: string): Promise<CallUsers> {
  const f = a.feature;
  if (a.as !== undefined && a.to !== undefined) {
    // Existing users (SPEC §10): no tenant is made and no setting changed; tokens are given or issued now.
    const [caller, callee] = [a.as, a.to];
    const third = f && (a.third || THIRD.has(f)) ? (a.third ?? "carol") : null;
    const issue = (u: string) =>
      viaAdmin(admin, a, () => admin.req<{ token: string }>("POST", `/users/${encodeURIComponent(u)}/tokens`, {}))
        .then((r) => r.token);
    const tokens = { [caller]: a.asToken ?? await issue(caller), [callee]: a.toToken ?? await issue(callee) };
    const tokenFlag: Record<string, string | null> = {
      [caller]: a.asToken !== undefined ? "--as-token" : null,
      [callee]: a.toToken !== undefined ? "--to-token" : null,
    };
    if (third) [tokens[third], tokenFlag[third]] = [await issue(third), null];
    const expectedE2EE = await admin.eligibility(caller, callee).then((e) => e.e2ee, () => null);
    const e2ee = expectedE2EE === null ? "eligibility unknown" : expectedE2EE ? "expected" : "not expected";
    const summary = `${caller} calls ${callee} (existing users; E2EE ${e2ee})`;
    return { caller, callee, third, tokens, tokenFlag, expectedE2EE, summary };
  }
  const tenant = `demo-${tag}`;
  const [caller, callee] = [`alice-${tag}`, `bob-${tag}`];
  // SPEC §4.5: a third user for transfers, park, merge, add-participant and simultaneous ring.
  const third = f && (a.third || THIRD.has(f))
    ? `${(a.third ?? "carol").replace(/[^A-Za-z0-9._-]/g, "")}-${tag}`
    : null;
  const tokens: Record<string, string> = {};
  await viaAdmin(admin, a, async () => {
    const add = await admin.demoTenant(tenant);
    for (const u of [caller, callee, ...(third ? [third] : [])]) tokens[u] = await add(u, a.e2ee ? true : undefined);
  });
  const tokenFlag = Object.fromEntries(Object.keys(tokens).map((u) => [u, null]));
  const summary = `tenant ${tenant} (userControlled); E2EE setting ${a.e2ee ? "on" : "off"} for both users`;
  return { caller, callee, third, tokens, tokenFlag, expectedE2EE: a.e2ee, summary };
}

/** Starts a party as `user`, naming the refused token (the flag that gave it, or the admin API that issued it). */
export function startAs<T>(u: CallUsers, user: string, start: (token: string) => Promise<T>): Promise<T> {
  const flag = u.tokenFlag[user] ?? null;
  return naming(() => start(u.tokens[user]!), user, flag, true, "the token the admin API issued for it");
}
