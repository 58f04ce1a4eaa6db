/**
 * The outcome each adversary mode requires of the endpoints (SPEC §8, the table's last column), as data: the CLI's
 * verdict (`shieldcall call --adversary MODE`) and the conformance cases read it from the mode's module.
 */
import type { ErrorCode } from "../../errors.ts";
import type { Role } from "../calls.ts";

/**
 * What one side must show (SPEC §8, V1):
 * - `e2ee`: the indicator and a 20-digit number while the call runs;
 * - `none`: never the indicator or a number in this call;
 * - `ended`: never the indicator or a number, and the call ends (whoever hangs up);
 * - `any`: nothing required of this side;
 * - `{ends}`: it hangs up with that code (§5.8) and never shows the indicator or a number — unless `shown` is
 *   "allowed" (a duplicate tag: the first copy may verify), when only "no indicator remains on" holds.
 */
export type SideRule = "e2ee" | "none" | "ended" | "any" | { ends: ErrorCode; shown?: "allowed" };

/** One required outcome of a call. */
export interface OutcomeCase {
  caller: SideRule;
  callee: SideRule;
  /** With `e2ee` on both sides: the two numbers are equal (V2) or differ (an intercepted call). */
  numbers?: "equal" | "differ";
  /** SPEC §8 (no media before confirmation): these sides send no RTP media at all, judged on the relay's wire. */
  noMediaFrom?: readonly Role[];
  /** Which of the mode's seeded choices this case is (e.g. "even seed"). */
  when?: string;
  /** SPEC §8 sframe-* modes (§13.5–§13.6, §13.11): what the receiving side's SFrame layer must show. */
  sframe?: SFrameRule;
}

/**
 * What the side receiving the altered frames must show in a call of the SFrame profile (CallState `sframe`, §7):
 * frames dropped for `dropped` (`any`: for any reason; `none`: no frame dropped); the indicator stays on (the call
 * survives and frames keep opening) or goes off within 1 s (no frame opens any more).
 */
export interface SFrameRule {
  at: Role;
  dropped: "header" | "kid" | "replay" | "auth" | "any" | "none";
  indicator: "stays" | "off-within-1s";
}

/** A mode's required outcome: the SPEC §8 sentence, and the cases (one per seeded choice) that satisfy it. */
export interface RequiredOutcome {
  /** The required outcome in words, as SPEC §8 states it. */
  text: string;
  /** One entry, one per seeded choice of the mode, or one per order of events a race may take. */
  anyOf: readonly OutcomeCase[];
  /** The entry of `anyOf` the mode plays with `seed` (absent: any entry satisfies the mode). */
  pick?(seed: number): number;
}

/** The outcome cases that satisfy the mode played with `seed` (all of `anyOf` when the seed picks none). */
export function outcomeCases(o: RequiredOutcome, seed?: number): readonly OutcomeCase[] {
  return o.pick && seed !== undefined ? [o.anyOf[o.pick(seed)]!] : o.anyOf;
}

/** The side a directional mode acts toward: an even seed the caller, an odd seed the callee (SPEC §8). */
export function targetSide(seed: number): Role {
  return seed % 2 === 0 ? "caller" : "callee";
}

/** The other party. */
export function otherRole(r: Role): Role {
  return r === "caller" ? "callee" : "caller";
}

/** An honest E2EE call: both sides show the indicator and the same number (V1, V2). */
export const HONEST_E2EE: RequiredOutcome = {
  text: "numbers match at both ends: an honest E2EE call (V1, V2)",
  anyOf: [{ caller: "e2ee", callee: "e2ee", numbers: "equal" }],
};

/** The side `to` hangs up with `code` and sends no RTP media; the other side's outcome is `other`. */
export function endsToward(
  to: Role,
  code: ErrorCode,
  other: SideRule,
  opts: { media?: boolean; shown?: "allowed" } = {},
): OutcomeCase {
  const mine: SideRule = opts.shown ? { ends: code, shown: opts.shown } : { ends: code };
  return {
    caller: to === "caller" ? mine : other,
    callee: to === "callee" ? mine : other,
    ...(opts.media === false ? {} : { noMediaFrom: [to] }),
  };
}

/**
 * The handshake fails for both: `to` hangs up with `code`, the other side's call ends with it, and neither sends RTP
 * media (`when`: which seeded choice or order of events this is).
 */
export function endsBoth(to: Role, code: ErrorCode, when?: string): OutcomeCase {
  return { ...endsToward(to, code, "ended"), noMediaFrom: ["caller", "callee"], ...(when ? { when } : {}) };
}

/** Outcome of a directional mode (toward the caller on an even seed, the callee on an odd one). */
export function directional(text: string, code: ErrorCode, opts: { media?: boolean; shown?: "allowed" } = {}) {
  return {
    text,
    anyOf: [
      { ...endsToward("caller", code, "any", opts), when: "even seed: toward the caller" },
      { ...endsToward("callee", code, "any", opts), when: "odd seed: toward the callee" },
    ],
    pick: (seed: number) => (targetSide(seed) === "caller" ? 0 : 1),
  } satisfies RequiredOutcome;
}
