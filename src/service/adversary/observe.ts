/** SPEC §8 observe: the service forwards everything unchanged and only logs; an honest E2EE call results. */
import { HONEST_E2EE } from "./outcome.ts";
import { defineMode } from "./types.ts";

export const observe = defineMode({
  mode: "observe",
  summary: "forwards everything unchanged and logs what it sees",
  outcome: HONEST_E2EE,
  play: () => ({}),
});
