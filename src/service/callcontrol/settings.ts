/**
 * Per-user call-control settings (SPEC §4.5 CC10–CC11, F9): whether unanswered standard calls go to the user's
 * voicemail, and a second user rung together with the user's own endpoints. Set through the admin API (SPEC §10).
 * Held in memory by the running service.
 */
import { ShieldCallError } from "../../errors.ts";

/** A user's call-control settings. */
export interface CallControlSettingsOf {
  /** F9: an unanswered or declined standard call goes to this user's voicemail. */
  voicemail: boolean;
  /** F9: this user's endpoints ring together with this user's own (first to answer gets the call). */
  simultaneousRing: string | null;
}

const DEFAULTS: CallControlSettingsOf = { voicemail: false, simultaneousRing: null };

/** Settings by user id. */
export class CallControlSettings {
  readonly #byUser = new Map<string, CallControlSettingsOf>();

  /** The user's settings (defaults: no voicemail, no simultaneous ring). */
  get(userId: string): CallControlSettingsOf {
    return { ...(this.#byUser.get(userId) ?? DEFAULTS) };
  }

  /**
   * Changes some of a user's settings after validating all of them (SPEC §2.5 S2: nothing changes on error).
   * `userExists` checks user ids. Throws POLICY_INVALID for bad values, USER_NOT_FOUND for an unknown target.
   */
  set(userId: string, patch: unknown, userExists: (id: string) => boolean): CallControlSettingsOf {
    if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
      throw new ShieldCallError("POLICY_INVALID", "Request body must be a JSON object");
    }
    const p = patch as Record<string, unknown>;
    for (const k of Object.keys(p)) {
      if (k !== "voicemail" && k !== "simultaneousRing") {
        throw new ShieldCallError("POLICY_INVALID", `Unknown field "${k}"`);
      }
    }
    const next = this.get(userId);
    if (p.voicemail !== undefined) {
      if (typeof p.voicemail !== "boolean") {
        throw new ShieldCallError("POLICY_INVALID", 'Field "voicemail" must be a boolean');
      }
      next.voicemail = p.voicemail;
    }
    if (p.simultaneousRing !== undefined) {
      const t = p.simultaneousRing;
      if (t !== null && typeof t !== "string") {
        throw new ShieldCallError("POLICY_INVALID", 'Field "simultaneousRing" must be a user id or null');
      }
      if (t === userId) throw new ShieldCallError("POLICY_INVALID", "A user cannot ring themselves simultaneously");
      if (t !== null && !userExists(t)) throw new ShieldCallError("USER_NOT_FOUND", `No user "${t}"`);
      next.simultaneousRing = t;
    }
    this.#byUser.set(userId, next);
    return { ...next };
  }
}
