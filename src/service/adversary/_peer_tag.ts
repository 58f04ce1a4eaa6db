/**
 * The play of a directional confirm mode (SPEC §8 confirm-withhold, confirm-replay, confirm-duplicate,
 * confirm-malformed): the seed chooses the side it acts toward (even: the caller, odd: the callee). That side's own
 * tag reaches its peer unchanged; what the side gets in place of its peer's tag is `instead`'s answer.
 */
import type { Role } from "../calls.ts";
import { targetSide } from "./outcome.ts";
import type { AdversaryContext, AdversaryPlay, ConfirmOut } from "./types.ts";

/** What the side `to` gets in place of the peer's `tag` (sent by `from`): a tag, frames (none, copies), or null. */
export type Instead = (
  ctx: AdversaryContext,
  from: Role,
  to: Role,
  tag: string,
) => string | null | readonly ConfirmOut[];

/** The play of a mode that replaces the peer's tag toward the seed's side with `instead`'s answer. */
export function replacingPeerTag(instead: Instead): (ctx: AdversaryContext) => AdversaryPlay {
  return (ctx) => {
    const to = targetSide(ctx.seed);
    return { confirm: (from, tag) => (from === to ? tag : instead(ctx, from, to, tag)) };
  };
}
