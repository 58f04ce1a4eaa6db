/**
 * Bearer tokens (SPEC §2.5 S1, §3.1, §10): issued per user, revocable, optionally expiring. A token authenticates
 * only while it is neither revoked nor expired. Pure: the clock and the generator are injected.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { base64urlEncode, constantTimeEqual } from "../crypto/mod.ts";
import { ShieldCallError } from "../errors.ts";
import { check, tokenProblem } from "./_validate.ts";

/** One stored token: its value and when it stops authenticating (Unix ms), or null for never. */
export interface TokenRec {
  token: string;
  expiresAt: number | null;
}

/** A token as the policy document stores it (SPEC §3.5): the bare string, or with its expiry. */
export type TokenDoc = string | { token: string; expiresAt: number };

/** The longest time-to-live `issue()` accepts: one year, in seconds. */
export const MAX_TTL_S = 366 * 24 * 3600;

/** A fresh token: 32 random bytes (256 bits) as 43 base64url characters. */
export function randomToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  return base64urlEncode(bytes);
}

const enc = new TextEncoder();
// Hashing first makes the comparison independent of both tokens' lengths (SPEC §3.1: constant time).
const digest = (s: string) => sha256(enc.encode(s));

/** The bearer tokens of every user. */
export class TokenStore {
  readonly #byUser = new Map<string, TokenRec[]>();
  readonly #random: () => string;
  readonly #now: () => number;

  constructor(random: () => string = randomToken, now: () => number = Date.now) {
    this.#random = random;
    this.#now = now;
  }

  /**
   * Issues a token for `userId` (generated when omitted), valid for `ttlS` seconds when given (SPEC §10). A token in
   * use is POLICY_CONFLICT; a bad token or ttl is POLICY_INVALID. Validates everything before it changes anything.
   */
  issue(userId: string, token?: string, ttlS?: number): TokenRec {
    if (ttlS !== undefined && (typeof ttlS !== "number" || !Number.isInteger(ttlS) || ttlS < 1 || ttlS > MAX_TTL_S)) {
      throw new ShieldCallError(
        "POLICY_INVALID",
        `Invalid ttl: expected an integer number of seconds from 1 to ${MAX_TTL_S}, got ${JSON.stringify(ttlS)}`,
      );
    }
    let tok = token;
    if (tok === undefined) {
      tok = this.#random();
      if (tokenProblem(tok) !== null) throw new TypeError("randomToken() returned an invalid token");
    } else check(tokenProblem(tok), "token");
    if (this.#find(tok) !== null) throw new ShieldCallError("POLICY_CONFLICT", "Token already issued");
    const rec: TokenRec = { token: tok, expiresAt: ttlS === undefined ? null : this.#now() + ttlS * 1000 };
    const list = this.#byUser.get(userId) ?? [];
    list.push(rec);
    this.#byUser.set(userId, list);
    return { ...rec };
  }

  /** Revokes one token and returns its user; an unknown token is POLICY_NOT_FOUND (SPEC §10). */
  revoke(token: string): string {
    check(tokenProblem(token), "token");
    const hit = this.#find(token);
    if (hit === null) throw new ShieldCallError("POLICY_NOT_FOUND", "Token not found");
    const list = this.#byUser.get(hit)!;
    list.splice(list.findIndex((r) => r.token === token), 1);
    return hit;
  }

  /** Revokes every token of a user; returns how many there were. */
  revokeAll(userId: string): number {
    const n = this.#byUser.get(userId)?.length ?? 0;
    this.#byUser.delete(userId);
    return n;
  }

  /**
   * The user holding `token` while it is valid, or null. Compares against every stored token in constant time (over
   * SHA-256 digests, so lengths do not matter), with no early exit (SPEC §3.1); an expired token is null.
   */
  authenticate(token: unknown): string | null {
    if (typeof token !== "string" || token.length === 0 || token.length > 256) return null;
    const presented = digest(token);
    const now = this.#now();
    let found: string | null = null;
    for (const [userId, list] of this.#byUser) {
      for (const r of list) {
        const same = constantTimeEqual(presented, digest(r.token));
        if (same && (r.expiresAt === null || now < r.expiresAt)) found = userId;
      }
    }
    return found;
  }

  /** When a valid token stops authenticating (Unix ms): null if it never expires, undefined for an invalid one. */
  expiresAt(token: unknown): number | null | undefined {
    if (this.authenticate(token) === null) return undefined;
    for (const list of this.#byUser.values()) for (const r of list) if (r.token === token) return r.expiresAt;
    return undefined;
  }

  /** How many tokens of the user are still valid. */
  count(userId: string): number {
    const now = this.#now();
    return (this.#byUser.get(userId) ?? []).filter((r) => r.expiresAt === null || now < r.expiresAt).length;
  }

  /** The user's valid tokens in document form (expired tokens are dropped, SPEC §3.5). */
  toDoc(userId: string): TokenDoc[] {
    const now = this.#now();
    return (this.#byUser.get(userId) ?? [])
      .filter((r) => r.expiresAt === null || now < r.expiresAt)
      .map((r) => (r.expiresAt === null ? r.token : { token: r.token, expiresAt: r.expiresAt }));
  }

  /** Loads a user's tokens from an already validated document. */
  load(userId: string, docs: TokenDoc[]): void {
    if (docs.length === 0) return;
    this.#byUser.set(userId, docs.map((d) => (typeof d === "string" ? { token: d, expiresAt: null } : { ...d })));
  }

  #find(token: string): string | null {
    for (const [userId, list] of this.#byUser) if (list.some((r) => r.token === token)) return userId;
    return null;
  }
}
