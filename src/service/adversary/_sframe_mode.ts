/**
 * The shape the forwarder's adversary modes share (SPEC §8 sframe-*): the seed names the side the mode acts toward
 * (even: the caller, odd: the callee, as every directional mode), the mode alters only the packets travelling toward
 * it, and the other direction stays honest. Each action is logged with what it did.
 */
import type { PacketAlteration, PacketView } from "../../forwarder/mod.ts";
import type { Role } from "../calls.ts";
import { otherRole, type SFrameRule, targetSide } from "./outcome.ts";
import type { AdversaryContext, AdversaryModule, AdversaryPlay } from "./types.ts";
import { defineMode } from "./types.ts";

/** The direction of the packets that travel toward `side`. */
export function toward(side: Role): PacketView["direction"] {
  return side === "caller" ? "calleeToCaller" : "callerToCallee";
}

/** Every how many packets of a stream a mode acts, by default (SPEC §8: `rate` of the plan overrides it). */
export const DEFAULT_EVERY = 10;

/** Acts on one packet in `every` of a stream, at a seeded phase: a counter per direction and kind. */
export function everyNth(ctx: AdversaryContext): (p: PacketView) => boolean {
  const every = ctx.rate !== undefined && ctx.rate > 0 ? Math.max(1, Math.round(1 / ctx.rate)) : DEFAULT_EVERY;
  const phase = ctx.seed % every;
  const seen = new Map<string, number>();
  return (p) => {
    const key = `${p.direction}/${p.kind}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n % every === phase;
  };
}

/** A mode that alters the packets toward the seeded side; `alter` sees only those. */
export function sframeMode<M extends string>(o: {
  mode: M;
  summary: string;
  text: string;
  rule: Omit<SFrameRule, "at">;
  alter(ctx: AdversaryContext, side: Role): PacketAlteration;
}): AdversaryModule<M> {
  const sides = ["caller", "callee"] as const;
  return defineMode({
    mode: o.mode,
    summary: o.summary,
    outcome: {
      text: o.text,
      anyOf: sides.map((at) => ({
        // SPEC §13.11: the side that keeps receiving honest frames keeps its indicator; so does the target unless the
        // rule turns it off
        caller: o.rule.indicator === "off-within-1s" && at === "caller" ? "any" : "e2ee",
        callee: o.rule.indicator === "off-within-1s" && at === "callee" ? "any" : "e2ee",
        ...(o.rule.indicator === "stays" ? { numbers: "equal" as const } : {}),
        sframe: { at, ...o.rule },
        when: at === "caller" ? "even seed: toward the caller" : "odd seed: toward the callee",
      })),
      pick: (seed: number) => (targetSide(seed) === "caller" ? 0 : 1),
    },
    play(ctx: AdversaryContext): AdversaryPlay {
      const side = targetSide(ctx.seed);
      const alter = o.alter(ctx, side);
      const dir = toward(side);
      ctx.act("sframe-target", { toward: side, from: otherRole(side) });
      return { forwarded: (p) => (p.direction === dir ? alter(p) : null) };
    },
  });
}
