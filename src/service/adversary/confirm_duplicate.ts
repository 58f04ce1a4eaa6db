/**
 * SPEC §8 confirm-duplicate: toward one side (the seed chooses: even the caller, odd the callee) the service forwards
 * the peer's `confirm` twice. One tag per key (§5.9): a second `confirm`, even an identical one, MUST end the call
 * with E2EE_CONFIRM_FAILED; no indicator remains on.
 */
import { replacingPeerTag } from "./_peer_tag.ts";
import { directional } from "./outcome.ts";
import { defineMode } from "./types.ts";

export const confirmDuplicate = defineMode({
  mode: "confirm-duplicate",
  summary: "forwards the peer's key-confirmation tag twice to one side",
  outcome: directional(
    "the side that gets the peer's tag twice ends the call with E2EE_CONFIRM_FAILED on the second copy; no indicator " +
      "remains on",
    "E2EE_CONFIRM_FAILED",
    { media: false, shown: "allowed" },
  ),
  play: replacingPeerTag((ctx, from, to, tag) => {
    ctx.act("duplicate-confirm", { from, to, tag });
    return [{ to, tag }, { to, tag }];
  }),
});
