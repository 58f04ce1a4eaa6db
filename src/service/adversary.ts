/**
 * Adversary plans (SPEC §8): which mode the service plays in which caller's next call, seeded. The modes themselves
 * are one module each under adversary/.
 */
import { ShieldCallError } from "../errors.ts";
import { ADVERSARY_MODES, type AdversaryMode } from "./adversary/mod.ts";

export { ADVERSARY_MODES, type AdversaryMode };

/** What the harness asks for: a mode, a seed, and optionally which caller's next call it applies to. */
export interface AdversaryPlan {
  mode: AdversaryMode;
  seed: number;
  /** Applies to the next call placed by this user; any caller when absent. */
  caller?: string;
  /** Fault rate for tamper/replay/drop (0..1). */
  rate?: number;
}

/** Validates an untrusted adversary plan (admin API input); POLICY_INVALID on any problem. */
export function parseAdversaryPlan(input: unknown): AdversaryPlan {
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new ShieldCallError("POLICY_INVALID", "Adversary plan must be an object");
  }
  const o = input as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    if (!["mode", "seed", "caller", "rate"].includes(k)) {
      throw new ShieldCallError("POLICY_INVALID", `Unknown adversary plan property "${k}"`);
    }
  }
  if (!ADVERSARY_MODES.includes(o.mode as AdversaryMode)) {
    throw new ShieldCallError(
      "POLICY_INVALID",
      `Unknown adversary mode "${String(o.mode)}": expected one of ${ADVERSARY_MODES.join(", ")}`,
    );
  }
  const seed = o.seed ?? 1;
  if (typeof seed !== "number" || !Number.isSafeInteger(seed) || seed < 0) {
    throw new ShieldCallError("POLICY_INVALID", "Adversary seed must be a non-negative integer");
  }
  if (o.caller !== undefined && typeof o.caller !== "string") {
    throw new ShieldCallError("POLICY_INVALID", "Adversary caller must be a user id");
  }
  if (o.rate !== undefined && (typeof o.rate !== "number" || !(o.rate >= 0 && o.rate <= 1))) {
    throw new ShieldCallError("POLICY_INVALID", "Adversary rate must be a number from 0 to 1");
  }
  const plan: AdversaryPlan = { mode: o.mode as AdversaryMode, seed };
  if (typeof o.caller === "string") plan.caller = o.caller;
  if (typeof o.rate === "number") plan.rate = o.rate;
  return plan;
}

/** Queue of plans waiting for the call they apply to. */
export class AdversaryQueue {
  #plans: AdversaryPlan[] = [];

  /** Arms a plan for the next matching call. */
  arm(plan: AdversaryPlan): void {
    this.#plans.push(plan);
  }

  /** Takes the first plan matching this caller, if any. */
  take(callerId: string): AdversaryPlan | null {
    const i = this.#plans.findIndex((p) => p.caller === undefined || p.caller === callerId);
    if (i < 0) return null;
    return this.#plans.splice(i, 1)[0]!;
  }

  /** Plans not yet used. */
  pending(): AdversaryPlan[] {
    return [...this.#plans];
  }

  /** Drops every armed plan. */
  clear(): void {
    this.#plans = [];
  }
}
