/**
 * Token rules of signaling sessions (SPEC §10, S1) on a real PolicyStore with an injected clock; the connections are
 * recorders of what the rules closed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { PolicyStore } from "../policy/mod.ts";
import { armExpiry, dropInvalid } from "./token_sessions.ts";
import type { TokenSession } from "./token_sessions.ts";
import type { Endpoint } from "./endpoints.ts";

function setup() {
  const clock = { t: Date.now() };
  const store = new PolicyStore({ now: () => clock.t });
  store.createTenant("t");
  store.createUser({ id: "alice", tenantId: "t" });
  const closed: [string, number | undefined, string | undefined][] = [];
  const session = (name: string, token: string): TokenSession => ({
    conn: { send: () => {}, close: (code, reason) => void closed.push([name, code, reason]) },
    endpoint: { userId: "alice" } as Endpoint,
    token,
  });
  return { clock, store, closed, session };
}

test("dropInvalid() closes (4401) exactly the sessions whose token was revoked", () => {
  const { store, closed, session } = setup();
  store.issueTokenRec("alice", "alice-kept-token");
  store.issueTokenRec("alice", "alice-gone-token");
  const sessions = [session("kept", "alice-kept-token"), session("gone", "alice-gone-token"), {
    ...session("anon", "x"),
    endpoint: null,
  }];
  assert.equal(dropInvalid(store, sessions), 0, "nothing revoked yet");
  store.revokeToken("alice-gone-token");
  assert.equal(dropInvalid(store, sessions), 1);
  assert.deepEqual(closed, [["gone", 4401, "token revoked"]]);
});

test("armExpiry() closes (4401) a session when its token expires, and leaves a token without expiry alone", async () => {
  const { clock, store, closed, session } = setup();
  store.issueTokenRec("alice", "alice-short-token", 1);
  store.issueTokenRec("alice", "alice-lasting-token");
  const short = session("short", "alice-short-token");
  const lasting = session("lasting", "alice-lasting-token");
  armExpiry(store, short, () => true);
  armExpiry(store, lasting, () => true);
  assert.equal(lasting.expiry, undefined, "no timer for a token that never expires");
  clock.t += 1000; // the store's clock reaches the expiry; the timer fires about 1 s after it was armed
  await new Promise((r) => setTimeout(r, 1100));
  assert.deepEqual(closed, [["short", 4401, "token expired"]]);
});
