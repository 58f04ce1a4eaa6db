/**
 * What the service remembers of the key-confirmation tags it forwarded (SPEC §8 confirm-replay: a tag recorded from
 * an earlier call). Bounded: the newest tags of each role only.
 */
import type { Role } from "../calls.ts";

/** Tags kept per role. */
export const CONFIRM_HISTORY_SIZE = 32;

/** The tags each role sent in each call, newest last. */
export class ConfirmHistory {
  readonly #tags: { callId: string; from: Role; tag: string }[] = [];

  /** Records a tag `from` sent in call `callId`. */
  record(callId: string, from: Role, tag: string): void {
    this.#tags.push({ callId, from, tag });
    const mine = this.#tags.filter((t) => t.from === from);
    if (mine.length > CONFIRM_HISTORY_SIZE) this.#tags.splice(this.#tags.indexOf(mine[0]!), 1);
  }

  /** Tags of role `from` recorded in calls other than `callId`, newest first. */
  before(callId: string, from: Role): string[] {
    return this.#tags.filter((t) => t.from === from && t.callId !== callId).map((t) => t.tag).reverse();
  }
}

/** The frames to send for what a `confirm` hook returned (string: to the other side; array: as given). */
export function confirmSends(
  from: Role,
  out: string | readonly { to: Role; tag: string }[],
): { to: Role; tag: string }[] {
  if (typeof out === "string") return [{ to: from === "caller" ? "callee" : "caller", tag: out }];
  return [...out];
}
