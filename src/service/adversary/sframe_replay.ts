/**
 * SPEC §8 sframe-replay: in a call of the SFrame profile the forwarder sends some audio frames toward the seeded side
 * a second time, a few packets later, as new RTP packets. The receiver's replay window (§13.5) MUST drop each copy as
 * SFRAME_REPLAY and count it; the call survives.
 */
import { everyNth, sframeMode } from "./_sframe_mode.ts";

/** How many packets later a frame is sent again (well inside the 128-frame window, §13.5). */
export const REPLAY_LAG = 5;

export const sframeReplay = sframeMode({
  mode: "sframe-replay",
  summary: "sends some SFrame audio frames again at the forwarder, as new packets",
  text: "the receiver's replay window drops every copy as SFRAME_REPLAY and counts it; the call survives and the " +
    "numbers match",
  rule: { dropped: "replay", indicator: "stays" },
  alter(ctx) {
    const pick = everyNth(ctx);
    const recent: Uint8Array[] = [];
    return (p) => {
      if (p.kind !== "audio") return null;
      recent.push(p.payload);
      if (recent.length > REPLAY_LAG + 1) recent.shift();
      if (!pick(p) || recent.length <= REPLAY_LAG) return null;
      ctx.act("sframe-replay", { direction: p.direction, seq: p.sequenceNumber, lag: REPLAY_LAG });
      return [p.payload, recent[0]!];
    };
  },
});
