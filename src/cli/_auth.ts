/**
 * Names the credential the service refused. The service answers only `AUTH_FAILED` (SPEC §2.5: a failure reveals
 * nothing else, §9); the CLI knows which token it sent and which flag supplied it, so it says so.
 */

/** Whether `e` is the service's refusal of a credential (SPEC §9 AUTH_FAILED / AUTH_REQUIRED). */
export function isAuthFailure(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === "AUTH_FAILED" || code === "AUTH_REQUIRED";
}

/**
 * The one line for a refused credential.
 * @param who what authenticated: a user name, or "the admin API at URL"
 * @param flag the option that supplied the token (e.g. "--as-token"), or null when the CLI made it
 * @param given whether a token was sent at all
 * @example authMessage("alice", "--as-token", true)
 *   // "Authentication failed for alice: the service refused the token from --as-token"
 */
export function authMessage(
  who: string,
  flag: string | null,
  given: boolean,
  made = "the token issued for it",
): string {
  if (!given) return `Authentication failed for ${who}: no token was sent; give one with ${flag}`;
  return `Authentication failed for ${who}: the service refused ${flag ? `the token from ${flag}` : made}`;
}

/** Runs `f`; a refused credential becomes an Error carrying `authMessage(...)` (other errors pass through). */
export async function naming<T>(
  f: () => Promise<T>,
  who: string,
  flag: string | null,
  given: boolean,
  made?: string,
): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (!isAuthFailure(e)) throw e;
    throw Object.assign(new Error(authMessage(who, flag, given, made)), { code: (e as { code: string }).code });
  }
}
