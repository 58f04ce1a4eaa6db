/**
 * The verdict `shieldcall call` prints for a call: did the outcome match what SPEC §8 requires for the adversary
 * mode (and §2.4 for a requested feature)? Pure: from what each side showed to one line and ok / not ok. The
 * required outcome of each mode is data on its module (src/service/adversary/), so every registered mode is judged.
 */
import {
  ADVERSARY_MODULES,
  HONEST_E2EE,
  type OutcomeCase,
  outcomeCases,
  type RequiredOutcome,
  type SideRule,
} from "../service/adversary/mod.ts";
import type { Role } from "../service/mod.ts";

/** What one side showed during and at the end of the call. */
export interface SideSeen {
  indicator: boolean;
  number: string | null;
  state: string;
  endCode: string | null;
}

/** The inputs of the verdict. */
export interface CallOutcome {
  /** Adversary mode, or null for an honest service. */
  mode: string | null;
  /** The plan's seed (picks the outcome of a seeded mode); every outcome of the mode is accepted when absent. */
  seed?: number;
  /** Whether policy and settings make this call E2EE (SPEC §3.4), when known. */
  expectedE2EE: boolean | null;
  topology: string | null;
  caller: SideSeen;
  callee: SideSeen;
  /**
   * SPEC §8: whether the relay's wire carried RTP media from each side (its `firstMedia`); null: no relay
   * evidence.
   */
  wireMedia?: { caller: boolean; callee: boolean } | null;
  feature: { name: string; ok: boolean; code: string | null } | null;
}

/** A verdict: one line for people, and whether it is the outcome SPEC §8 requires. */
export interface CallVerdict {
  mode: string;
  ok: boolean;
  line: string;
  /** SPEC §8: the required outcome, in words (absent for a feature verdict). */
  required?: string;
}

const numbered = (s: SideSeen) => s.indicator && /^\d{20}$/.test(s.number ?? "");
const shown = (s: SideSeen) => s.indicator || s.number !== null;

/** The problem with side `who` under `rule`, or null when it showed what the rule requires (SPEC §8, V1, §5.8). */
export function sideProblem(who: Role, rule: SideRule, s: SideSeen): string | null {
  if (rule === "any") return null;
  if (rule === "e2ee") return numbered(s) ? null : `the ${who} showed no indicator and number`;
  if (rule === "none") return shown(s) ? `the ${who} showed the indicator` : null;
  if (rule === "ended") {
    if (shown(s)) return `the ${who} showed the indicator`;
    return s.state === "ended" ? null : `the ${who}'s call did not end (state ${s.state})`;
  }
  if (rule.shown !== "allowed" && shown(s)) return `the ${who} showed the indicator`;
  if (s.state !== "ended" || s.endCode !== rule.ends) {
    return `the ${who} ended with ${s.endCode ?? "no code"} (state ${s.state}), not ${rule.ends}`;
  }
  return null;
}

/** Every problem of one required outcome case (SPEC §8), empty when the call showed it. */
export function outcomeProblems(c: OutcomeCase, o: CallOutcome): string[] {
  const out = [sideProblem("caller", c.caller, o.caller), sideProblem("callee", c.callee, o.callee)]
    .filter((p): p is string => p !== null);
  if (out.length === 0 && c.numbers === "equal" && o.caller.number !== o.callee.number) {
    out.push("the two numbers differ on an honest path");
  }
  if (out.length === 0 && c.numbers === "differ" && o.caller.number === o.callee.number) {
    out.push("the numbers match although the service intercepted the call");
  }
  for (const who of c.noMediaFrom ?? []) {
    if (o.wireMedia?.[who]) out.push(`RTP media from the ${who} crossed the relay`);
  }
  return out;
}

/** The mode's required outcome: from its module (SPEC §8), the honest one for no mode; null for an unknown mode. */
function requiredOutcome(mode: string): RequiredOutcome | null {
  if (mode === "honest") return HONEST_E2EE;
  return ADVERSARY_MODULES.find((m) => m.mode === mode)?.outcome ?? null;
}

/** Whether the mode's required outcome (for `seed`) has a side that must end the call (the CLI waits for it). */
export function requiresEnd(mode: string | null, seed?: number): boolean {
  const r = mode === null ? null : requiredOutcome(mode);
  const ends = (x: SideRule) => x === "ended" || typeof x === "object";
  return r !== null && outcomeCases(r, seed).some((c) => ends(c.caller) || ends(c.callee));
}

/** SPEC §8: whether RTP media from each side crossed the relay, from its evidence (null without relay evidence). */
export function wireMedia(relay: unknown): { caller: boolean; callee: boolean } | null {
  const m = (relay as { rtpMedia?: { a_to_b?: unknown; b_to_a?: unknown } } | null)?.rtpMedia;
  if (!m || typeof m.a_to_b !== "number" || typeof m.b_to_a !== "number") return null;
  return { caller: m.a_to_b > 0, callee: m.b_to_a > 0 };
}

/** SPEC §8 (table of required outcomes), §2.2 V1–V4, §2.4 F10: the verdict for one call. */
export function judgeCall(o: CallOutcome): CallVerdict[] {
  const mode = o.mode ?? "honest";
  const none = !shown(o.caller) && !shown(o.callee);
  const out: CallVerdict[] = [];
  const required = requiredOutcome(mode);
  const v = (ok: boolean, text: string, why: string): CallVerdict => ({
    mode,
    ok,
    line: `${mode}: ${ok ? "OK" : "NOT AS REQUIRED"} — ${ok ? text : `${why}; required: ${text}`}`,
    required: text,
  });
  if (o.expectedE2EE === false && mode !== "strip") {
    // P4: a call that policy or settings keep standard shows no indicator, whatever the adversary does.
    out.push(
      v(none, "a standard call (policy or settings), no indicator on either side", "a side showed the indicator"),
    );
  } else if (required === null) {
    out.push({ mode, ok: false, line: `${mode}: unknown mode` });
  } else if (o.expectedE2EE === null && none && (mode === "honest" || mode === "observe")) {
    // Eligibility unknown (no admin access): a standard call with no indicator at either end is consistent (P4).
    out.push(
      v(true, "a standard call, no indicator on either side (E2EE eligibility unknown without admin access)", ""),
    );
  } else {
    const cases = outcomeCases(required, o.seed);
    const problems = cases.map((c) => outcomeProblems(c, o));
    const ok = problems.some((p) => p.length === 0);
    out.push(v(ok, required.text, problems.map((p) => p.join(", ")).join(" / ")));
  }
  if (o.feature) {
    const e2ee = o.caller.indicator || o.callee.indicator;
    const f = o.feature;
    // SPEC §2.4 (F1–F10): refused with FEATURE_DISABLED_E2EE in an E2EE call; performed in a standard call.
    const ok = e2ee ? !f.ok && f.code === "FEATURE_DISABLED_E2EE" : f.ok;
    out.push({
      mode: `feature ${f.name}`,
      ok,
      line: `feature ${f.name}: ${ok ? "OK" : "NOT AS REQUIRED"} — ${
        e2ee
          ? (ok ? "refused while E2EE is on (F10)" : "not refused with FEATURE_DISABLED_E2EE while E2EE is on")
          : ok
          ? "performed in a standard call"
          : `refused in a standard call (${f.code ?? "no code"})`
      }`,
    });
  }
  return out;
}
