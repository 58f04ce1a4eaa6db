/**
 * Bearer tokens (SPEC §2.5 S1, §10): revocable and expiring, compared in constant time, persisted with their expiry.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { PolicyStore } from "./store.ts";
import { MAX_TTL_S, randomToken, TokenStore } from "./tokens.ts";
import { TOKEN_PATTERN } from "./_validate.ts";

function clock(start = 1_700_000_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

function store(now: () => number): PolicyStore {
  const s = new PolicyStore({ now });
  s.createTenant("t");
  s.createUser({ id: "alice", tenantId: "t" });
  s.createUser({ id: "bob", tenantId: "t" });
  return s;
}

describe("tokens (SPEC §2.5 S1, §10)", () => {
  test("randomToken() gives distinct 43-character tokens from the crypto base64url", () => {
    const a = randomToken();
    assert.equal(a.length, 43);
    assert.match(a, TOKEN_PATTERN);
    assert.notEqual(a, randomToken());
  });

  test("A token with a ttl authenticates until it expires, then never again", () => {
    const c = clock();
    const s = store(c.now);
    const tok = s.issueTokenRec("alice", "alice-ttl-token", 60);
    assert.equal(tok.expiresAt, c.t + 60_000);
    assert.equal(s.authenticate("alice-ttl-token")?.id, "alice");
    c.t += 59_999;
    assert.equal(s.authenticate("alice-ttl-token")?.id, "alice");
    c.t += 1;
    assert.equal(s.authenticate("alice-ttl-token"), null, "expired at expiresAt");
    assert.equal(s.getUser("alice").tokenCount, 0);
  });

  test("tokenExpiry() gives a valid token's expiry, null for one that never expires, undefined for an invalid one", () => {
    const c = clock();
    const s = store(c.now);
    const tok = s.issueTokenRec("alice", "alice-ttl-token", 60);
    s.issueTokenRec("bob", "bob-lasting-token");
    assert.equal(s.tokenExpiry("alice-ttl-token"), tok.expiresAt);
    assert.equal(s.tokenExpiry("bob-lasting-token"), null);
    assert.equal(s.tokenExpiry("nobody-token"), undefined);
    assert.equal(s.tokenExpiry(42), undefined);
    c.t += 60_000;
    assert.equal(s.tokenExpiry("alice-ttl-token"), undefined, "an expired token has no expiry left");
  });

  test("A revoked token no longer authenticates; others of the user still do", () => {
    const s = store(clock().now);
    s.issueToken("alice", "alice-token-1");
    s.issueToken("alice", "alice-token-2");
    assert.equal(s.revokeToken("alice-token-1"), "alice");
    assert.equal(s.authenticate("alice-token-1"), null);
    assert.equal(s.authenticate("alice-token-2")?.id, "alice");
    assert.throws(() => s.revokeToken("alice-token-1"), { code: "POLICY_NOT_FOUND" });
    assert.equal(s.revokeTokens("alice"), 1);
    assert.equal(s.authenticate("alice-token-2"), null);
  });

  test("Bad ttl values are POLICY_INVALID and issue nothing", () => {
    const s = store(clock().now);
    for (const ttl of [0, -1, 1.5, MAX_TTL_S + 1, "60" as unknown as number, Number.NaN]) {
      assert.throws(() => s.issueToken("alice", "alice-token-x", ttl), { code: "POLICY_INVALID" }, String(ttl));
    }
    assert.equal(s.getUser("alice").tokenCount, 0);
    assert.equal(s.authenticate("alice-token-x"), null);
  });

  test("Tokens are unique across users; a conflict changes nothing", () => {
    const s = store(clock().now);
    s.issueToken("alice", "shared-token");
    assert.throws(() => s.issueToken("bob", "shared-token", 10), { code: "POLICY_CONFLICT" });
    assert.equal(s.authenticate("shared-token")?.id, "alice");
    assert.equal(s.getUser("bob").tokenCount, 0);
  });

  test("Expiry survives toJSON()/fromJSON(); expired tokens are not persisted", () => {
    const c = clock();
    const s = store(c.now);
    s.issueToken("alice", "alice-forever");
    s.issueToken("alice", "alice-short", 10);
    s.issueToken("bob", "bob-long", 3600);
    c.t += 20_000;
    const json = JSON.parse(JSON.stringify(s.toJSON()));
    const users = json.tenants[0].users;
    assert.deepEqual(users[0].tokens, ["alice-forever"]);
    assert.deepEqual(users[1].tokens, [{ token: "bob-long", expiresAt: c.t - 20_000 + 3_600_000 }]);
    const back = PolicyStore.fromJSON(json, { now: c.now });
    assert.equal(back.authenticate("bob-long")?.id, "bob");
    c.t += 3_600_000;
    assert.equal(back.authenticate("bob-long"), null, "the restored token still expires");
  });

  test("The document rejects malformed token entries with their paths", () => {
    const doc = (tokens: unknown[]) => ({ version: 1, tenants: [{ id: "t", users: [{ id: "u", tokens }] }] });
    const paths = (tokens: unknown[]) => {
      try {
        PolicyStore.fromJSON(doc(tokens));
        return [];
      } catch (e) {
        return (e as { detail: { errors: { path: string }[] } }).detail.errors.map((x) => x.path);
      }
    };
    assert.deepEqual(paths([{ token: "good-token", expiresAt: 5 }]), []);
    assert.deepEqual(paths([{ token: "good-token", expiresAt: "soon" }]), ["/tenants/0/users/0/tokens/0/expiresAt"]);
    assert.deepEqual(paths([{ token: "good-token", expiresAt: 5, __proto__x: 1 }]), [
      "/tenants/0/users/0/tokens/0/__proto__x",
    ]);
    assert.deepEqual(paths([{ token: "bad", expiresAt: 5 }]), ["/tenants/0/users/0/tokens/0/token"]);
  });

  test("A broken comparison would be caught: near-miss and prefix tokens do not authenticate", () => {
    const t = new TokenStore(randomToken, () => 0);
    t.issue("alice", "secret-token");
    for (const bad of ["secret-tokem", "secret-toke", "secret-token-x", "", "SECRET-TOKEN"]) {
      assert.equal(t.authenticate(bad), null, bad);
    }
    assert.equal(t.authenticate("secret-token"), "alice");
  });
});
