/** The relay packet-fault modes (SPEC §8 RF1–RF6): E2EE media through the relay, which alters seeded packets. */
import type { FaultPlan } from "../../relay/mod.ts";
import { type AdversaryModule, defineMode } from "./types.ts";

/** A mode whose only action is the relay fault `mode` (the relay logs each altered packet). */
export function relayFault<M extends FaultPlan["mode"]>(mode: M, summary: string): AdversaryModule<M> {
  return defineMode({
    mode,
    summary,
    outcome: {
      text: "numbers match at both ends; the faults did not turn E2EE off (SRTP authentication drops altered media)",
      anyOf: [{ caller: "e2ee", callee: "e2ee", numbers: "equal" }],
    },
    play: (ctx) => ({
      media: () =>
        Promise.resolve({
          via: "relay" as const,
          fault: { mode, seed: ctx.seed, ...(ctx.rate !== undefined ? { rate: ctx.rate } : {}) },
        }),
    }),
  });
}
