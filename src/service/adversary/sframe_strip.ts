/**
 * SPEC §8 sframe-strip: in a call of the SFrame profile, once media has reached that side for STRIP_AFTER_MS (counted
 * from the first packet toward it that the forwarder could deliver), the forwarder
 * replaces every frame toward the seeded side with unencrypted content of its own (a video packet keeps its VP8
 * payload descriptor so that it still depacketizes). The receiver MUST drop every such frame (§13.6), never decode it,
 * and its indicator MUST go off within 1 s (§13.11).
 */
import { parseVp8Descriptor } from "../../forwarder/mod.ts";
import { sframeMode } from "./_sframe_mode.ts";

/** How long media flows honestly before the strip starts, ms (the indicator must be on first). */
export const STRIP_AFTER_MS = 4000;
/** What the forwarder sends in place of the media: plain bytes, no SFrame header. */
export const STRIPPED = new TextEncoder().encode("SHIELDCALL-STRIPPED-PLAINTEXT|");

export const sframeStrip = sframeMode({
  mode: "sframe-strip",
  summary: "replaces the SFrame frames toward one side with unencrypted content at the forwarder",
  text: "the receiver drops every unencrypted frame and its indicator goes off within 1 s of the strip; the other " +
    "side keeps its indicator",
  rule: { dropped: "any", indicator: "off-within-1s" },
  alter(ctx) {
    let first: number | null = null;
    let started = false;
    return (p) => {
      const now = Date.now();
      if (first === null && !p.deliverable) return null; // its leg is not up yet: the clock has not started
      first ??= now;
      if (now - first < STRIP_AFTER_MS) return null;
      if (!started) {
        started = true;
        ctx.act("sframe-strip-started", { direction: p.direction, at: now });
      }
      // an Opus payload is the frame; a VP8 one keeps its payload descriptor (RFC 7741 §4.2) so it still depacketizes
      const start = p.kind === "audio" ? 0 : parseVp8Descriptor(p.payload)?.length ?? null;
      if (start === null) return [STRIPPED.slice()];
      const out = new Uint8Array(start + STRIPPED.length);
      out.set(p.payload.subarray(0, start));
      out.set(STRIPPED, start);
      return [out];
    };
  },
});
