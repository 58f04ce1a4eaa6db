/**
 * SPEC §8 answer-fp-swap: after the reveal, the service rewrites every `a=fingerprint` in the SDP answer it forwards
 * to the caller to another certificate's (chosen by the seed), so it differs from the `fp` the callee bound in
 * `accept` — the grinding window of protocol 2. The caller MUST end the call with E2EE_FINGERPRINT_MISMATCH before it
 * applies the answer (§6.1), show no indicator and send no RTP media.
 */
import { seededBytes } from "../../seeded.ts";
import { endsToward } from "./outcome.ts";
import { defineMode } from "./types.ts";

/** The seeded fingerprint put in place of the callee's ("AB:CD:…", SPEC §5.7 normal form). */
export function swappedFingerprint(seed: number): string {
  return [...seededBytes(seed ^ 0xf1f1)].map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
}

/** SPEC §5.7: an attribute line starts with `a=` (case-sensitive), its name `fingerprint` in any case. */
const FINGERPRINT_LINE = /^(a=[fF][iI][nN][gG][eE][rR][pP][rR][iI][nN][tT]:)[^\r\n]*/gm;

/** `sdp` with the value of every fingerprint line replaced by a sha-256 `fingerprint`. */
export function replaceFingerprints(sdp: string, fingerprint: string): string {
  return sdp.replace(FINGERPRINT_LINE, (_l, attr: string) => `${attr}sha-256 ${fingerprint}`);
}

export const answerFpSwap = defineMode({
  mode: "answer-fp-swap",
  summary: "rewrites the fingerprint of the SDP answer it forwards to the caller to another certificate's",
  outcome: {
    text: "the caller ends the call with E2EE_FINGERPRINT_MISMATCH before it applies the answer, shows no indicator " +
      "and sends no RTP media",
    anyOf: [endsToward("caller", "E2EE_FINGERPRINT_MISMATCH", "ended")],
  },
  play: (ctx) => ({
    sdpToward(to, d) {
      if (to !== "caller" || d.type !== "answer") return d;
      const fingerprint = swappedFingerprint(ctx.seed);
      ctx.act("swap-answer-fingerprint", { to, fingerprint });
      return { type: d.type, sdp: replaceFingerprints(d.sdp, fingerprint) };
    },
  }),
});
