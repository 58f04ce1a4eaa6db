/**
 * SPEC §8 sframe-kid-spoof: in a call of the SFrame profile the forwarder rewrites the KID of some audio frames toward
 * the seeded side to the receiver's own KID (§13.4: the sender's other party). The receiver holds no decryption key
 * for its own KID, so it MUST drop each such frame as SFRAME_UNKNOWN_KID and count it; the call survives.
 */
import { SFRAME_KID } from "../../crypto/sframe/mod.ts";
import { everyNth, sframeMode } from "./_sframe_mode.ts";

export const sframeKidSpoof = sframeMode({
  mode: "sframe-kid-spoof",
  summary: "rewrites some SFrame audio frames to the receiver's own KID at the forwarder",
  text: "the receiver drops the frames under a KID it holds no decryption key for as SFRAME_UNKNOWN_KID and counts " +
    "them; the call survives and the numbers match",
  rule: { dropped: "kid", indicator: "stays" },
  alter(ctx, side) {
    const pick = everyNth(ctx);
    const own = Number(SFRAME_KID[side]);
    return (p) => {
      // RFC 9605 §4.3: config byte X|KKK|Y|CCC; a KID of 0–7 sits in KKK with X = 0
      if (p.kind !== "audio" || p.payload.length === 0 || (p.payload[0]! & 0x80) !== 0 || !pick(p)) return null;
      const out = p.payload.slice();
      out[0] = (out[0]! & 0x8f) | (own << 4);
      ctx.act("sframe-kid-spoof", { direction: p.direction, seq: p.sequenceNumber, kid: own });
      return [out];
    };
  },
});
