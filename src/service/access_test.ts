/**
 * Service access findings (SPEC §2.5 S1–S2, §6, §10) against a real service over HTTP and WebSockets: admin bodies
 * are closed objects (unknown fields, `__proto__` included, are POLICY_INVALID and change nothing); tokens expire and
 * can be revoked, and revocation closes the connections they authenticated; frame size bounds per §6.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startService } from "./service.ts";
import type { RunningService } from "./service.ts";
import { policyFixture, RawClient } from "./_testing/fixtures.ts";

describe("service access rules", { timeout: 60_000 }, () => {
  let svc: RunningService;
  const clients: RawClient[] = [];
  const admin = async (method: string, path: string, body?: string | object) => {
    const r = await fetch(`${svc.adminUrl}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
    return {
      status: r.status,
      body: await r.json() as Record<string, unknown> & { error?: { code: string; message: string } },
    };
  };
  const state = async () => JSON.stringify((await admin("GET", "/state")).body);
  before(async () => {
    svc = await startService({ policy: policyFixture({ alice: true, bob: true }) });
  });
  after(async () => {
    for (const c of clients) c.close();
    await svc.close();
  });

  test("Admin bodies with unknown fields, __proto__ included, are POLICY_INVALID and change nothing (§3.1, §10)", async () => {
    const cases: [string, string, string][] = [
      ["POST", "/tenants", '{"id":"fabrikam","color":"red"}'],
      ["POST", "/tenants", '{"id":"fabrikam","__proto__":{"admin":true}}'],
      ["POST", "/tenants/contoso/users", '{"id":"dave","constructor":{"prototype":{"x":1}}}'],
      ["PUT", "/users/alice/e2ee", '{"enabled":false,"force":true}'],
      ["PUT", "/users/alice/policy", '{"policy":null,"__proto__":null}'],
      ["POST", "/users/alice/tokens", '{"token":"alice-extra-token","scope":"all"}'],
      ["PUT", "/tenants/contoso/global", '{"value":"disabled","why":"x"}'],
      ["POST", "/adversary", '{"mode":"observe","seed":1,"__proto__":{}}'],
      ["POST", "/tenants", '["fabrikam"]'],
    ];
    const before = await state();
    for (const [method, path, body] of cases) {
      const r = await admin(method, path, body);
      assert.equal(r.status, 400, `${method} ${path} ${body}`);
      assert.equal(r.body.error?.code, "POLICY_INVALID", `${method} ${path} ${body}`);
    }
    assert.equal(await state(), before, "no state changed");
    assert.equal(({} as Record<string, unknown>).admin, undefined, "no prototype was polluted");
    const ok = await admin("POST", "/tenants", { id: "fabrikam" });
    assert.equal(ok.status, 200, "the same route with a closed body works");
  });

  test("A token with a ttl reports its expiry; a revoked token registers no endpoint and its live connection closes (S1)", async () => {
    const issued = await admin("POST", "/users/carol/tokens", { token: "carol-ttl-token", ttl: 3600 });
    assert.equal(issued.status, 200);
    assert.equal(issued.body.token, "carol-ttl-token");
    assert.ok(typeof issued.body.expiresAt === "number" && (issued.body.expiresAt as number) > Date.now() + 3_500_000);
    const bad = await admin("POST", "/users/carol/tokens", { token: "carol-bad-ttl", ttl: 0 });
    assert.equal(bad.body.error?.code, "POLICY_INVALID");
    const c = await RawClient.connect(svc.signalUrl, "carol-ttl-token");
    clients.push(c);
    const other = await RawClient.connect(svc.signalUrl, "carol-token", "phone");
    clients.push(other);
    const rev = await admin("POST", "/tokens/revoke", { token: "carol-ttl-token" });
    assert.deepEqual(rev.body, { user: "carol", closed: 1 });
    assert.equal(await c.closed, 4401);
    assert.equal(
      (await admin("POST", "/tokens/revoke", { token: "carol-ttl-token" })).body.error?.code,
      "POLICY_NOT_FOUND",
    );
    const again = new RawClient(svc.signalUrl);
    await again.opened;
    again.send({ type: "auth", token: "carol-ttl-token", protocol: 1, capabilities: { e2ee: true } });
    assert.equal((await again.type("error")).code, "AUTH_FAILED");
    other.send({ type: "ping", rid: "p1" });
    assert.equal((await other.type("pong")).rid, "p1", "the user's other token still works");
    const all = await admin("DELETE", "/users/carol/tokens");
    assert.deepEqual(all.body, { revoked: 1, closed: 1 });
    assert.equal(await other.closed, 4401);
  });

  test("A live connection closes (4401) when the token that authenticated it expires; one without expiry stays (S1)", async () => {
    const issued = await admin("POST", "/users/carol/tokens", { token: "carol-short-token", ttl: 1 });
    assert.equal(issued.status, 200);
    const c = await RawClient.connect(svc.signalUrl, "carol-short-token", "short");
    clients.push(c);
    const lasting = await admin("POST", "/users/carol/tokens", { token: "carol-lasting-token" });
    assert.equal(lasting.status, 200);
    const other = await RawClient.connect(svc.signalUrl, "carol-lasting-token", "lasting");
    clients.push(other);
    const registered = () => svc.hub.endpoints.all().filter((e) => e.userId === "carol").length;
    assert.equal(registered(), 2);
    const started = Date.now();
    assert.equal(await c.closed, 4401);
    assert.ok(Date.now() >= (issued.body.expiresAt as number), "not before the token expired");
    assert.ok(Date.now() - started < 10_000, "closed soon after expiry, not at some later sweep");
    for (let i = 0; i < 50 && registered() !== 1; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(registered(), 1, "the expired token's endpoint is unregistered");
    other.send({ type: "ping", rid: "p2" });
    assert.equal((await other.type("pong")).rid, "p2", "the connection of a token without expiry stays");
  });

  test("A frame over 64 KiB gets PROTO_TOO_LARGE and changes nothing; one over 1 MiB closes the connection with 1009 (§6)", async () => {
    const c = await RawClient.connect(svc.signalUrl, "alice-token", "big");
    clients.push(c);
    const count = () => svc.hub.endpoints.all().filter((e) => e.userId === "alice").length;
    const n = count();
    c.send(JSON.stringify({ type: "ping", rid: "r1", pad: "x".repeat(512 * 1024) }));
    assert.equal((await c.type("error")).code, "PROTO_TOO_LARGE");
    c.send({ type: "ping", rid: "r2" });
    assert.equal((await c.type("pong")).rid, "r2");
    assert.equal(count(), n);
    c.send("x".repeat(1024 * 1024 + 1));
    assert.equal(await c.closed, 1009);
    for (let i = 0; i < 50 && count() !== n - 1; i++) await new Promise((r) => setTimeout(r, 20));
    assert.equal(count(), n - 1, "the endpoint is unregistered as on any disconnect");
  });
});
