/**
 * SPEC §8 sframe-reorder: in a call of the SFrame profile the forwarder holds some audio frames toward the seeded side
 * and sends each right after the next one, so the receiver sees their CTRs out of order, within its window. The
 * receiver MUST accept both (§13.5): no frame is dropped as SFRAME_REPLAY.
 */
import { everyNth, sframeMode } from "./_sframe_mode.ts";

export const sframeReorder = sframeMode({
  mode: "sframe-reorder",
  summary: "swaps the order of some pairs of SFrame audio frames at the forwarder",
  text: "the receiver accepts frames reordered within its replay window: nothing dropped, the call goes on and the " +
    "numbers match",
  rule: { dropped: "none", indicator: "stays" },
  alter(ctx) {
    const pick = everyNth(ctx);
    let held: Uint8Array | null = null;
    return (p) => {
      if (p.kind !== "audio") return null;
      if (held) {
        const first = held;
        held = null;
        ctx.act("sframe-reorder", { direction: p.direction, seq: p.sequenceNumber });
        return [p.payload, first]; // the later frame first, then the held one
      }
      if (!pick(p)) return null;
      held = p.payload;
      return [];
    };
  },
});
