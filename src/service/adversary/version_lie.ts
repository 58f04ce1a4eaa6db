/**
 * SPEC §8 version-lie: the seed chooses one of two lies. Even: a version the caller did not offer is added to
 * `incoming.e2ee.versions` toward the callee, whose commitment check (which covers the versions, §5.2) MUST fail with
 * E2EE_COMMITMENT_MISMATCH. Odd: the caller's `accepted.e2ee.version` is rewritten to a version it did not offer, and
 * the caller MUST end the call with E2EE_BAD_VERSION before it sends `reveal` (§6.1). Neither side shows the
 * indicator.
 */
import { seededRandom } from "../../seeded.ts";
import { endsBoth } from "./outcome.ts";
import { defineMode } from "./types.ts";

/** A version from 1 to 255 that is not in `offered`, chosen by the seed. */
export function versionNotOffered(offered: readonly number[], seed: number): number {
  const free = Array.from({ length: 255 }, (_, i) => i + 1).filter((v) => !offered.includes(v));
  return free[Math.floor(seededRandom(seed)() * free.length)]!;
}

export const versionLie = defineMode({
  mode: "version-lie",
  summary: "rewrites the offered versions toward the callee (even seed) or the chosen version toward the caller (odd)",
  outcome: {
    text:
      "a rewritten offer: the callee ends with E2EE_COMMITMENT_MISMATCH; a rewritten choice: the caller ends with " +
      "E2EE_BAD_VERSION before it reveals; no indicator on either side",
    anyOf: [
      endsBoth("callee", "E2EE_COMMITMENT_MISMATCH", "even seed: the offered versions"),
      endsBoth("caller", "E2EE_BAD_VERSION", "odd seed: the chosen version"),
    ],
    pick: (seed) => seed % 2,
  },
  play: (ctx) => {
    let offered: readonly number[] = [];
    const lieToCallee = ctx.seed % 2 === 0;
    return {
      versionsToCallee(versions) {
        offered = versions;
        if (!lieToCallee || versions.length >= 8) return [...versions];
        const out = [...versions, versionNotOffered(versions, ctx.seed)].sort((a, b) => a - b);
        ctx.act("lie-versions", { from: versions, to: out });
        return out;
      },
      versionToCaller(chosen) {
        if (lieToCallee) return chosen;
        const out = versionNotOffered(offered.length ? offered : [chosen], ctx.seed);
        ctx.act("lie-version", { from: chosen, to: out, offered });
        return out;
      },
    };
  },
});
