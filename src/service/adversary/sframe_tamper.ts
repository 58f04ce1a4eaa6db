/**
 * SPEC §8 sframe-tamper: in a call of the SFrame profile the forwarder flips the last byte of some packets toward the
 * seeded side (inside the frame's authentication tag: the last packet of a video frame, or an audio frame). The
 * receiver MUST drop each such frame as SFRAME_AUTH_FAILED, count it, and keep the call (§13.6).
 */
import { everyNth, sframeMode } from "./_sframe_mode.ts";

export const sframeTamper = sframeMode({
  mode: "sframe-tamper",
  summary: "flips the last byte of some SFrame packets at the forwarder",
  text: "the receiver drops the altered frames as SFRAME_AUTH_FAILED and counts them; the call survives, frames keep " +
    "opening and the numbers match",
  rule: { dropped: "auth", indicator: "stays" },
  alter(ctx) {
    const pick = everyNth(ctx);
    return (p) => {
      // the last packet of a video frame carries its tag; an audio packet is a whole frame
      if ((p.kind === "video" && !p.marker) || !pick(p) || p.payload.length === 0) return null;
      const out = p.payload.slice();
      out[out.length - 1]! ^= 0x01;
      ctx.act("sframe-tamper", { direction: p.direction, kind: p.kind, seq: p.sequenceNumber });
      return [out];
    };
  },
});
