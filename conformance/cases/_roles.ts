/**
 * Small setup helpers shared by the policy, verify, media and robustness cases: the implementation in a role opposite
 * a reference peer, an honest E2EE call between them, and waits on the synthetic media (SPEC §11).
 */
import type { Party } from "../../src/driver/mod.ts";
import { defineCase } from "../case.ts";
import type { Case } from "../case.ts";
import type { CallState } from "../../src/protocol/mod.ts";
import type { CallHandle, Harness, TenantHandle } from "../harness.ts";
import {
  expectEnded,
  expectIndicatorOff,
  expectIndicatorOn,
  expectNeverShown,
  expectNumbersEqual,
  expectTopology,
  expectTrue,
  precondition,
  ROOT_CAUSES,
  StateLog,
} from "../verify.ts";

/** The role the implementation under test plays in a case. */
export type As = "caller" | "callee";

/** Both roles, for generated families (`….caller` / `….callee`). */
export const ROLES: As[] = ["caller", "callee"];

/** The tag naming the implementation's role. */
export function roleTag(as: As): string {
  return as === "caller" ? "impl-caller" : "impl-callee";
}

/** The two parties of a case, by role and by kind. */
export interface Pair {
  caller: Party;
  callee: Party;
  impl: Party;
  ref: Party;
}

/**
 * Starts the implementation as `as` and a reference peer opposite it (caller user `callerName`, callee `calleeName`).
 */
export async function pair(h: Harness, as: As, callerName = "alice", calleeName = "bob"): Promise<Pair> {
  const [caller, callee] = await Promise.all([
    as === "caller" ? h.impl(callerName) : h.ref(callerName),
    as === "callee" ? h.impl(calleeName) : h.ref(calleeName),
  ]);
  return { caller, callee, impl: as === "caller" ? caller : callee, ref: as === "caller" ? callee : caller };
}

/** The implementation's and the reference's state in a call placed by `h.call()`. */
export function sides(call: CallHandle, as: As): { impl: CallState; ref: CallState } {
  return as === "caller" ? { impl: call.caller, ref: call.callee } : { impl: call.callee, ref: call.caller };
}

/** An honest E2EE call between the implementation and a reference peer, as e2eeCall() set it up. */
export type E2eeSetUp = Pair & { t: TenantHandle; call: CallHandle; implState: CallState; refState: CallState };

/**
 * An honest E2EE call (tenant userControlled, alice and bob turned E2EE on; carol, never connected, is a user the
 * feature cases name) with the implementation as `as`: the service's topology is `relay` and both sides are
 * connected with the indicator on and equal numbers. A set-up (SPEC §12.2): it fails as `precondition-failed`.
 */
export function e2eeCall(h: Harness, as: As): Promise<E2eeSetUp> {
  return precondition(ROOT_CAUSES.e2eeCall, () => honestE2eeCall(h, as));
}

async function honestE2eeCall(h: Harness, as: As): Promise<E2eeSetUp> {
  const t = await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true }, carol: {} } });
  const p = await pair(h, as);
  const call = await h.call(p.caller, p.callee);
  const s = sides(call, as);
  // SPEC §2.1 (P4): the call is E2EE at both ends with equal numbers; otherwise no case check is about E2EE.
  expectTopology(await h.record(call.id), "relay");
  expectIndicatorOn(s.impl, `The implementation (${as})`);
  expectIndicatorOn(s.ref, `The reference (${as === "caller" ? "callee" : "caller"})`);
  expectNumbersEqual(call.caller, call.callee);
  return { ...p, t, call, implState: s.impl, refState: s.ref };
}

/**
 * Both users opted in, the implementation as `as` opposite a reference peer, and the service armed as the adversary
 * `mode` (SPEC §8) for calls from alice; the call is not placed yet (a case may start a StateLog first).
 */
export async function pairUnder(h: Harness, mode: string, as: As, o: { seed?: number } = {}): Promise<Pair> {
  await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
  const p = await pair(h, as);
  await h.adversary(mode, "alice", o.seed === undefined ? {} : { seed: o.seed });
  return p;
}

/** pairUnder(), then alice calls bob; both sides settled (connected, or ended). */
export async function e2eeCallUnder(
  h: Harness,
  mode: string,
  as: As,
): Promise<Pair & { call: CallHandle; implState: CallState; refState: CallState }> {
  const p = await pairUnder(h, mode, as);
  const call = await h.call(p.caller, p.callee);
  const s = sides(call, as);
  return { ...p, call, implState: s.impl, refState: s.ref };
}

/**
 * SPEC §5.8: under the adversary `mode` the implementation (as `as`) ends the call itself with `code` as the stated
 * reason: its call ends with that code, it never shows the indicator, and the service receives its hangup with it.
 */
export async function expectEndsCallWith(h: Harness, mode: string, as: As, code: string): Promise<void> {
  const p = await pairUnder(h, mode, as);
  const log = new StateLog(p.impl);
  const call = await h.call(p.caller, p.callee);
  const end = await log.until(call.id, (s) => s.state === "ended", 15_000, "the call to end");
  log.stop();
  expectEnded(end, "The implementation", code);
  expectNeverShown(log.of(call.id), "The implementation");
  const rec = await h.record(call.id);
  expectTrue(rec.endCode === code, `The service did not receive the implementation's hangup with ${code}`, code, {
    endCode: rec.endCode,
    endReason: rec.endReason,
  });
}

/**
 * Under the adversary `mode` the reference ends the call; the implementation (as `as`) is left with no indicator, and
 * with `neverShown` it never showed one while the call lasted.
 */
export async function expectEndedByOtherSide(
  h: Harness,
  mode: string,
  as: As,
  o: { neverShown?: boolean } = {},
): Promise<void> {
  const p = await pairUnder(h, mode, as);
  const log = new StateLog(p.impl);
  const call = await h.call(p.caller, p.callee);
  const end = await log.until(call.id, (s) => s.state === "ended", 15_000, "the call to end");
  log.stop();
  expectEnded(end, "The implementation");
  expectIndicatorOff(end, "After the call ended, the implementation");
  if (o.neverShown) expectNeverShown(log.of(call.id), "The implementation");
}

/**
 * SPEC §2.2 (V4), §5.8: under an adversary whose reveal cannot match the commitment (swap-commit, anchor, reorder)
 * the callee ends the call with E2EE_COMMITMENT_MISMATCH; an implementation as caller is left with no indicator.
 */
export async function expectEndedWithCommitmentMismatch(
  h: Harness,
  mode: string,
  as: As,
  o: { neverShown?: boolean } = {},
): Promise<void> {
  if (as === "callee") return await expectEndsCallWith(h, mode, as, "E2EE_COMMITMENT_MISMATCH");
  await expectEndedByOtherSide(h, mode, as, o);
}

/** SPEC §2.2 V4: the requirement of every case in which a reveal cannot match the commitment. */
export const V4_REQUIREMENT = "The caller MUST commit before it reveals (§5.2); a reveal that does not match the " +
  "commitment MUST end the call with the stated reason E2EE_COMMITMENT_MISMATCH.";

/** What a case states about itself (SPEC §12.1) when a helper below builds its `run`; its level is MUST. */
export type CaseMeta = Omit<Case, "level" | "run">;

/**
 * A MUST case whose whole check is how the call ends under the adversary `mode` (SPEC §5.8): with `code`, the
 * implementation (as `as`) ends it itself with that stated reason (expectEndsCallWith); without, the reveal cannot
 * match the commitment and the callee ends it with E2EE_COMMITMENT_MISMATCH (expectEndedWithCommitmentMismatch).
 */
export function endsUnder(meta: CaseMeta, mode: string, as: As, o: { code?: string; neverShown?: boolean } = {}): Case {
  return defineCase({
    ...meta,
    level: "MUST",
    run: (h) =>
      o.code === undefined
        ? expectEndedWithCommitmentMismatch(h, mode, as, o)
        : expectEndsCallWith(h, mode, as, o.code),
  });
}

/**
 * Waits until the party decoded at least `n` more digits than it had (media keeps flowing; also a natural pause
 * that lets asynchronous effects of what a case just did show), or the call ended. Resolves with the last state.
 */
export async function moreAudio(p: Party, callId: string, n = 6, timeoutMs = 10_000): Promise<CallState> {
  const start = (await p.state(callId)).media.audio.digits.length;
  return await p.until(
    callId,
    (s) => s.state === "ended" || s.media.audio.digits.length >= start + n,
    timeoutMs,
    `${n} more decoded digits`,
  );
}

/** Hangs up from `p` and waits until both parties report the call ended. */
export async function hangupBoth(p: Party, other: Party, callId: string): Promise<[CallState, CallState]> {
  await p.hangup(callId);
  return await Promise.all([
    p.until(callId, (s) => s.state === "ended", 10_000, "the call to end"),
    other.until(callId, (s) => s.state === "ended", 10_000, "the call to end"),
  ]);
}
