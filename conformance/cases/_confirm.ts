/**
 * Set-up and wire evidence for the protocol-3 adversary cases (SPEC §5.9, §8): the implementation in a role opposite
 * a reference peer, the service armed as an adversary that acts toward the implementation, the call placed and
 * watched until the implementation's call ends. The set-up never asserts a case's own rule: it returns what
 * happened, and the case body checks it with the expect* functions below.
 */
import type { Party } from "../../src/driver/mod.ts";
import type { CallState, MediaProfile } from "../../src/protocol/mod.ts";
import type { CallEvidence } from "../../src/service/mod.ts";
import { targetSide } from "../../src/service/adversary/mod.ts";
import { CaseFailure, defineCase, PreconditionFailed } from "../case.ts";
import type { Case } from "../case.ts";
import type { Harness } from "../harness.ts";
import { ROOT_CAUSES, StateLog } from "../verify.ts";
import { type As, type CaseMeta, type Pair, pair } from "./_roles.ts";

/** SPEC §5.9: the confirmation deadline, and the slack a case allows on top of it (scheduling, signaling). */
export const CONFIRM_DEADLINE_MS = 10_000;
export const DEADLINE_SLACK_MS = 3_000;

type Detail = Record<string, unknown>;

/** What a call under an adversary showed: every state of the implementation, its last state, the service's record. */
export interface Under extends Pair {
  callId: string;
  states: CallState[];
  end: CallState;
  rec: CallEvidence;
}

/** The seed that makes a directional mode (SPEC §8: even toward the caller, odd toward the callee) act toward `as`. */
export function seedToward(h: Harness, as: As): number {
  const base = h.seed - (h.seed % 2);
  return targetSide(base) === as ? base : base + 1;
}

/**
 * Set-up: alice and bob opted in, the implementation as `as`, the service armed with `mode` and `seed` for alice's
 * next call; alice calls bob, bob answers, and the implementation's call is watched until it ends or `waitMs` passed
 * (no failure here when it does not end: whether it had to is the case's own check). With `warmup` an honest call
 * between the same two parties comes first. The service's record is read
 * after both sides ended (or were hung up by the suite), so its evidence is final.
 */
export async function callUnder(
  h: Harness,
  mode: string,
  as: As,
  o: UnderOptions = {},
): Promise<Under> {
  await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true } } });
  const p = await pair(h, as);
  if (o.warmup) {
    // An earlier honest call between the same parties, whose tags the service records (confirm-replay).
    const first = await h.call(p.caller, p.callee);
    await p.caller.hangup(first.id).catch(() => {});
    await Promise.all([p.caller, p.callee].map((party) => settleEnded(party, first.id)));
  }
  await h.adversary(mode, "alice", { seed: o.seed ?? seedToward(h, as), ...(o.rate ? { rate: o.rate } : {}) });
  const log = new StateLog(p.impl);
  const t0 = Date.now();
  const call = await h.call(p.caller, p.callee, { settle: false, ...(o.profile ? { profile: o.profile } : {}) });
  let end: CallState;
  try {
    end = await log.until(call.id, (s) => s.state === "ended", o.waitMs ?? 20_000, "the call to end");
  } catch (e) {
    // Only the wait running out is an observation (the case judges it); any other error is the set-up's.
    if ((e as { detail?: { waitingFor?: unknown } }).detail?.waitingFor === undefined) throw e;
    end = await p.impl.state(call.id);
  }
  if (o.minMs !== undefined && Date.now() - t0 < o.minMs) {
    await new Promise((r) => setTimeout(r, o.minMs! - (Date.now() - t0)));
    end = await p.impl.state(call.id);
  }
  log.stop();
  // The implementation's own hang-up must reach the service before the suite hangs up the reference, or the service
  // would record the suite's hang-up as the one that ended the call: wait until the reference sees the end too.
  if (end.state === "ended") await settleEnded(p.ref, call.id, 3_000);
  for (const party of [p.caller, p.callee]) await party.hangup(call.id).catch(() => {});
  await Promise.all([p.caller, p.callee].map((party) => settleEnded(party, call.id)));
  const rec = await h.record(call.id);
  return { ...p, callId: call.id, states: [...log.of(call.id), end], end, rec };
}

/** What callUnder() takes besides the mode and the role. */
export type UnderOptions = {
  seed?: number;
  /** The adversary plan's `rate` (SPEC §8), when the mode takes one. */
  rate?: number;
  waitMs?: number;
  minMs?: number;
  warmup?: boolean;
  profile?: MediaProfile;
};

/**
 * A MUST case that runs callUnder(`mode`, `as`) — options fixed, or computed from the harness (its seed) — and then
 * its own `check` on what the implementation did.
 */
export function checkedUnder(
  meta: CaseMeta,
  mode: string,
  as: As,
  o: UnderOptions | ((h: Harness) => UnderOptions),
  check: (u: Under) => void,
): Case {
  return defineCase({
    ...meta,
    level: "MUST",
    async run(h) {
      check(await callUnder(h, mode, as, typeof o === "function" ? o(h) : o));
    },
  });
}

async function settleEnded(p: Party, callId: string, ms = 5_000): Promise<void> {
  await p.until(callId, (s) => s.state === "ended", ms, "the call to end").catch(() => {});
}

/** Set-up: the relay's evidence of the call exists with its first-media times (SPEC §8); else a failure of set-up. */
export function relayMedia(rec: CallEvidence): {
  firstMedia: { a_to_b: number | null; b_to_a: number | null };
  rtpMedia: { a_to_b: number; b_to_a: number };
} {
  const r = rec.evidence.relay as { firstMedia?: unknown; rtpMedia?: unknown } | null;
  if (!r || typeof r.firstMedia !== "object" || r.firstMedia === null || typeof r.rtpMedia !== "object") {
    throw new PreconditionFailed(
      ROOT_CAUSES.evidence,
      "The service recorded no relay media evidence for the call",
      "relay firstMedia",
      r ?? null,
    );
  }
  return r as ReturnType<typeof relayMedia>;
}

const dirOf = (as: As) => (as === "caller" ? "a_to_b" : "b_to_a");

/** SPEC §8: the implementation sent no RTP media at all, judged on the relay's wire. */
export function expectNoRtpFrom(rec: CallEvidence, as: As, who = "The implementation"): void {
  const m = relayMedia(rec);
  const n = m.rtpMedia[dirOf(as)];
  if (n > 0) {
    throw new CaseFailure(`${who} (${as}) sent RTP media that crossed the relay although no peer tag verified`, 0, {
      rtpMedia: n,
      firstMediaAt: m.firstMedia[dirOf(as)],
    });
  }
}

/** When the service sent a `confirm` to `to` (the `confirm-forwarded` entries of the call log), in order. */
export function confirmsForwardedTo(rec: CallEvidence, to: As): number[] {
  return rec.log.filter((e) => e.event === "confirm-forwarded" && (e.detail as Detail | undefined)?.to === to)
    .map((e) => e.at);
}

/**
 * SPEC §5.9, §8: no RTP media left the implementation before the service had forwarded it the peer's `confirm`
 * (the service's forwarding precedes the implementation's receipt, so media before it is media before receipt).
 */
export function expectNoMediaBeforeConfirm(rec: CallEvidence, as: As, who = "The implementation"): void {
  const first = relayMedia(rec).firstMedia[dirOf(as)];
  if (first === null) return;
  const confirm = confirmsForwardedTo(rec, as)[0];
  if (confirm === undefined || first < confirm) {
    throw new CaseFailure(
      `${who} (${as}) sent RTP media before it received the peer's confirm`,
      `first RTP at or after the confirm (${confirm ?? "never forwarded"})`,
      { firstMediaAt: first, confirmForwardedAt: confirm ?? null },
    );
  }
}

/** The `ended` entry of the service's log: who hung up, with which code. */
export function endedBy(rec: CallEvidence): { by: unknown; code: unknown; at: number } | null {
  const e = rec.log.find((x) => x.event === "ended");
  return e
    ? { by: (e.detail as Detail | undefined)?.by, code: (e.detail as Detail | undefined)?.code, at: e.at }
    : null;
}

/** The `signal` entries of one type a role sent (recorded by the service before any adversary acted). */
export function sent(rec: CallEvidence, from: As, type: string): { at: number; detail: Detail }[] {
  return rec.log.filter((e) =>
    e.event === "signal" && (e.detail as Detail | undefined)?.from === from &&
    (e.detail as Detail | undefined)?.type === type
  ).map((e) => ({ at: e.at, detail: e.detail as Detail }));
}

/** SPEC §5.8: the service received the implementation's own hang-up with `code` (not the peer's, not a timeout). */
export function expectHungUpWith(rec: CallEvidence, as: As, party: Party, code: string, who = "The implementation") {
  const e = endedBy(rec);
  const mine = e !== null && e.code === code && (e.by === as || e.by === party.userId);
  if (!mine) {
    throw new CaseFailure(`${who} (${as}) did not hang up with ${code}`, { by: as, code }, e);
  }
}

/**
 * SPEC §5.9: the implementation hung up by its confirmation deadline: at most CONFIRM_DEADLINE_MS (+ slack) after
 * the service received its own `confirm`.
 */
export function expectByDeadline(rec: CallEvidence, as: As, who = "The implementation"): void {
  const own = sent(rec, as, "confirm")[0];
  const e = endedBy(rec);
  if (!own) throw new CaseFailure(`${who} (${as}) never sent its own confirm`, "one confirm", "none");
  const took = e ? e.at - own.at : null;
  if (took === null || took > CONFIRM_DEADLINE_MS + DEADLINE_SLACK_MS) {
    throw new CaseFailure(
      `${who} (${as}) did not end the call by its confirmation deadline`,
      `ended within ${CONFIRM_DEADLINE_MS} ms (+${DEADLINE_SLACK_MS} ms slack) of its confirm`,
      { msAfterOwnConfirm: took },
    );
  }
}
