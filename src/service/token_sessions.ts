/**
 * The token side of signaling sessions (SPEC §10, S1): a connection lives only while the bearer token that
 * authenticated it still authenticates its user. Revocation closes such connections at once (`dropInvalid`); an
 * expiring token closes its connection when it expires (`armExpiry`). Both close with 4401, so the endpoint is
 * unregistered as on any disconnect.
 */
import type { PolicyStore } from "../policy/mod.ts";
import type { Connection, Endpoint } from "./endpoints.ts";

/** What these rules need of a session. */
export interface TokenSession {
  conn: Connection;
  endpoint: Endpoint | null;
  /** The bearer token the session authenticated with. */
  token?: string;
  /** Fires when the token expires, to close the session. */
  expiry?: ReturnType<typeof setTimeout>;
}

function stillValid(store: PolicyStore, s: TokenSession): boolean {
  return s.endpoint !== null && store.authenticate(s.token)?.id === s.endpoint.userId;
}

function close(s: TokenSession, reason: string): void {
  try {
    s.conn.close(4401, reason);
  } catch {
    // already closing
  }
}

/**
 * Closes the session when its token expires, unless `live(s)` says it is gone by then. Timers are capped at
 * setTimeout's limit (about 24.8 days) and re-armed until the expiry.
 */
export function armExpiry(store: PolicyStore, s: TokenSession, live: (s: TokenSession) => boolean): void {
  clearTimeout(s.expiry);
  const at = store.tokenExpiry(s.token);
  if (at === null || at === undefined) return;
  const delay = Math.min(Math.max(50, at - Date.now()), 2 ** 31 - 1);
  s.expiry = setTimeout(() => {
    if (!live(s) || !s.endpoint) return;
    if (stillValid(store, s)) return armExpiry(store, s, live);
    close(s, "token expired");
  }, delay);
  (s.expiry as { unref?: () => void }).unref?.();
}

/** Closes every authenticated session whose token no longer authenticates its user; returns how many. */
export function dropInvalid(store: PolicyStore, sessions: Iterable<TokenSession>): number {
  let n = 0;
  for (const s of sessions) {
    if (!s.endpoint || s.token === undefined || stillValid(store, s)) continue;
    n++;
    close(s, "token revoked");
  }
  return n;
}
