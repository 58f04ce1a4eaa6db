/**
 * `shieldcall serve --demo`: demo users and a policy that lets them opt in, and the web client served next to the
 * service with a `/demo.json` that lists them (SPEC §3: alice and bob get the custom policy "E2EE-Allowed",
 * userControlled; carol stays under the tenant's disabled global policy, so her settings show no toggle, P3).
 */
import { AdminClient } from "../../service/mod.ts";
import { serveWebClient, type StaticServer } from "./static_server.ts";

/** The demo: its page URL and the users it made. */
export interface Demo {
  url: string;
  users: { id: string; displayName: string; token: string }[];
  close(): Promise<void>;
}

const USERS = [
  { id: "alice", displayName: "Alice Adams", policy: "E2EE-Allowed" },
  { id: "bob", displayName: "Bob Baker", policy: "E2EE-Allowed" },
  { id: "carol", displayName: "Carol Chen", policy: null },
];

/** Creates the demo tenant on a running service and serves the web client for it. */
export async function startDemo(
  svc: { signalUrl: string; adminUrl: string },
  opts: { port?: number; adminToken?: string; tenant?: string } = {},
): Promise<Demo> {
  const admin = new AdminClient(svc.adminUrl, opts.adminToken);
  const tenant = opts.tenant ?? "demo";
  await admin.tenant(tenant, "disabled");
  await admin.policy(tenant, "E2EE-Allowed", "userControlled");
  const users: Demo["users"] = [];
  for (const u of USERS) {
    const token = await admin.user(tenant, u.id);
    if (u.policy) await admin.assignUser(u.id, u.policy);
    users.push({ id: u.id, displayName: u.displayName, token });
  }
  const config = JSON.stringify({ signalUrl: svc.signalUrl, users });
  const server: StaticServer = await serveWebClient({
    port: opts.port ?? 0,
    extra: (path) => (path === "/demo.json" ? { type: "application/json", body: config } : null),
  });
  return { url: server.url, users, close: () => server.close() };
}
