/**
 * SPEC §8 split: `mitm` toward one party (the seed chooses: even the callee, odd the caller) — the service terminates
 * that party's E2EE handshake and confirms toward it — and a standard processor call toward the other. The standard
 * party MUST show no indicator and no number; the E2EE party's number cannot match the other's, which shows none:
 * users compare numbers (V2), and a shield missing on one side is the alarm.
 */
import type { Role } from "../calls.ts";
import { mitm } from "./mitm.ts";
import { defineMode } from "./types.ts";

/** The party that gets the service-terminated E2EE call under `seed`. */
export function splitE2eeSide(seed: number): Role {
  return seed % 2 === 0 ? "callee" : "caller";
}

export const split = defineMode({
  mode: "split",
  summary: "runs mitm toward one party and a standard processor call toward the other",
  outcome: {
    text: "the standard party shows no indicator and no number; only the E2EE party shows one, so the numbers cannot " +
      "match (V2) and the missing shield on one side is the alarm",
    anyOf: [
      { caller: "none", callee: "e2ee", when: "even seed: E2EE toward the callee" },
      { caller: "e2ee", callee: "none", when: "odd seed: E2EE toward the caller" },
    ],
    pick: (seed) => (splitE2eeSide(seed) === "callee" ? 0 : 1),
  },
  play: (ctx) => {
    const side = splitE2eeSide(ctx.seed);
    ctx.act("split", { e2ee: side });
    return { ...mitm.play(ctx), splitE2ee: side };
  },
});
