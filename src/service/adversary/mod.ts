/**
 * The adversary modes of the service (SPEC §8), one module each, in ONE list: the admin API, the media plane and the
 * CLI all read it. Add a mode: a module next to these (see observe.ts, swap_commit.ts), one entry below, its row in
 * SPEC §8.
 */
import { anchor } from "./anchor.ts";
import { answerFpSwap } from "./answer_fp_swap.ts";
import { confirmDuplicate } from "./confirm_duplicate.ts";
import { confirmMalformed } from "./confirm_malformed.ts";
import { confirmReflect } from "./confirm_reflect.ts";
import { confirmReplay } from "./confirm_replay.ts";
import { confirmStrip } from "./confirm_strip.ts";
import { confirmTamperCallee, confirmTamperCaller, confirmWithhold } from "./confirm_tamper.ts";
import { drop } from "./drop.ts";
import { flipBit255Accept, flipBit255Reveal } from "./flip_bit255.ts";
import { lowOrder } from "./low_order.ts";
import { lowOrderCallee } from "./low_order_callee.ts";
import { mitm } from "./mitm.ts";
import { observe } from "./observe.ts";
import { reorder } from "./reorder.ts";
import { sframeKidSpoof } from "./sframe_kid_spoof.ts";
import { sframeReorder } from "./sframe_reorder.ts";
import { sframeReplay } from "./sframe_replay.ts";
import { sframeStrip } from "./sframe_strip.ts";
import { sframeTamper } from "./sframe_tamper.ts";
import { split } from "./split.ts";
import { replay } from "./replay.ts";
import { strip } from "./strip.ts";
import { swapCommit } from "./swap_commit.ts";
import { tamper } from "./tamper.ts";
import { versionLie } from "./version_lie.ts";

export type {
  AdversaryContext,
  AdversaryModule,
  AdversaryPlay,
  ConfirmOut,
  MediaRoute,
  SdpDescription,
} from "./types.ts";
export {
  HONEST_E2EE,
  type OutcomeCase,
  outcomeCases,
  type RequiredOutcome,
  type SFrameRule,
  type SideRule,
  targetSide,
} from "./outcome.ts";
export { calleeAccept, offeredVersions } from "./_v3.ts";
export { CONFIRM_HISTORY_SIZE, ConfirmHistory, confirmSends } from "./history.ts";

/** Every adversary mode, in SPEC §8 order. */
export const ADVERSARY_MODULES = [
  observe,
  mitm,
  split,
  strip,
  swapCommit,
  anchor,
  tamper,
  replay,
  drop,
  lowOrder,
  lowOrderCallee,
  reorder,
  confirmTamperCaller,
  confirmTamperCallee,
  confirmWithhold,
  flipBit255Reveal,
  flipBit255Accept,
  confirmStrip,
  confirmReflect,
  confirmReplay,
  confirmDuplicate,
  confirmMalformed,
  answerFpSwap,
  versionLie,
  sframeTamper,
  sframeReplay,
  sframeKidSpoof,
  sframeStrip,
  sframeReorder,
] as const;

/** One adversary mode's name. */
export type AdversaryMode = (typeof ADVERSARY_MODULES)[number]["mode"];

/** Every adversary mode's name (the admin API's `mode`, `shieldcall call --adversary`). */
export const ADVERSARY_MODES: readonly AdversaryMode[] = ADVERSARY_MODULES.map((m) => m.mode);

/** The module of `mode`. */
export function adversaryModule(mode: AdversaryMode): (typeof ADVERSARY_MODULES)[number] {
  return ADVERSARY_MODULES.find((m) => m.mode === mode)!;
}
