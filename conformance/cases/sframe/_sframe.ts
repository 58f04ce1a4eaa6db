/**
 * Set-up and evidence helpers of the SFrame cases (SPEC §13): an SFrame call between the implementation and its
 * counterpart (the web client, §13.12) through the service's forwarder, optionally under an sframe-* adversary mode
 * acting toward the implementation (§8), and readers of the forwarder's evidence (§13.11) and the SFrame counters of
 * CallState (§7, §13.6). Every case here carries `profile: "sframe"`: it runs only against an adapter that declares
 * the profile (§7).
 */
import type { Party } from "../../../src/driver/mod.ts";
import type { CallState, SFrameCounters } from "../../../src/protocol/mod.ts";
import type { CallEvidence } from "../../../src/service/mod.ts";
import { CaseFailure } from "../../case.ts";
import type { CallHandle, Harness, TenantHandle } from "../../harness.ts";
import {
  expectEqual,
  expectIndicatorOn,
  expectNumbersEqual,
  expectTrue,
  precondition,
  preconditionSync,
  ROOT_CAUSES,
} from "../../verify.ts";
import { seedToward } from "../_confirm.ts";
import { type As, type Pair, pair, roleTag, sides } from "../_roles.ts";

/** SPEC §12.2: the root cause of every SFrame case whose call did not come up. */
export const SFRAME_CALL = "an SFrame call through the forwarder does not come up";

/** The tags of an SFrame case of role `as`. */
export function sframeTags(as: As, ...more: string[]): string[] {
  return ["sframe", "e2ee", ...more, roleTag(as)];
}

/** The other role. */
export function peerOf(as: As): As {
  return as === "caller" ? "callee" : "caller";
}

/** An SFrame call as sframeCall() set it up. */
export interface SFrameSetUp extends Pair {
  /** The case's tenant: alice and bob opted in, and carol (a user features such as transfer can name). */
  t: TenantHandle;
  call: CallHandle;
  implState: CallState;
  refState: CallState;
}

/**
 * Set-up (SPEC §12.2): alice and bob opted in, the implementation as `as` and the counterpart opposite; with `mode`
 * the service is armed with that sframe-* mode toward the implementation (§8: the seed names the side); alice calls
 * bob offering sframe first (§13.10), bob answers, and the call must come up as §13.11 says: topology `forwarder` at
 * the service and at both ends, profile `sframe`, the indicator on and equal numbers at both ends.
 */
export function sframeCall(
  h: Harness,
  as: As,
  o: { mode?: string; numbers?: boolean } = {},
): Promise<SFrameSetUp> {
  return precondition(SFRAME_CALL, async () => settled(as, await sframePlaced(h, as, o, true), o));
}

/**
 * Set-up as sframeCall(), for a further SFrame call between the parties of `p` (the same adapters, so whatever an
 * implementation keeps from one call to the next is kept): placed, answered and settled, with the same checks.
 */
export function sframeCallAgain(h: Harness, first: SFrameSetUp, as: As): Promise<SFrameSetUp> {
  return precondition(SFRAME_CALL, async () => settled(as, { ...(await sframeRouted(h, first)), t: first.t }, {}));
}

/** The settled call's checks of sframeCall(): forwarder topology, sframe profile and indicator at both ends. */
function settled(
  as: As,
  { p, call, t }: { p: Pair; call: CallHandle; t: TenantHandle },
  o: { numbers?: boolean },
): SFrameSetUp {
  const s = sides(call, as);
  for (const [st, who] of [[s.impl, "The implementation"], [s.ref, "The counterpart"]] as const) {
    expectEqual(st.topology, "forwarder", `${who} does not report the forwarder topology`);
    expectEqual(st.profile, "sframe", `${who} does not report the sframe profile`);
    expectIndicatorOn(st, who);
  }
  if (o.numbers !== false) expectNumbersEqual(call.caller, call.callee);
  return { ...p, t, call, implState: s.impl, refState: s.ref };
}

/**
 * Set-up for a case whose own check is whether the call comes up at all: as sframeCall() up to the answer, then only
 * "the service routed it through its forwarder"; both sides' states are whatever they reached (not settled).
 */
export function sframeAnswered(h: Harness, as: As): Promise<SFrameSetUp> {
  return precondition(SFRAME_CALL, async () => {
    const { p, call, t } = await sframePlaced(h, as, {}, false);
    const s = sides(call, as);
    return { ...p, t, call, implState: s.impl, refState: s.ref };
  });
}

async function sframePlaced(h: Harness, as: As, o: { mode?: string }, settle: boolean) {
  const t = await h.tenant({ users: { alice: { e2ee: true }, bob: { e2ee: true }, carol: {} } });
  const p = await pair(h, as);
  if (o.mode) await h.adversary(o.mode, "alice", { seed: seedToward(h, as) });
  return { ...(await sframeRouted(h, p, settle)), t };
}

/** Alice calls bob offering sframe first; the service must route the call through its forwarder. */
async function sframeRouted(h: Harness, p: Pair, settle = true) {
  const call = await h.call(p.caller, p.callee, { profile: "sframe", settle });
  // the service decides the topology when the answer reaches it, which an unsettled call may not have waited for
  let rec = await h.record(call.id);
  for (const until = Date.now() + 5000; rec.topology === null && Date.now() < until;) {
    await new Promise((r) => setTimeout(r, 100));
    rec = await h.record(call.id);
  }
  expectEqual(rec.topology, "forwarder", "The service did not route the SFrame call through its forwarder");
  return { p, call };
}

/** The SFrame counters of a state, or a failure naming who did not report them (SPEC §7: present in the profile). */
export function countersOf(s: CallState, who: string): SFrameCounters {
  if (!s.sframe) {
    throw new CaseFailure(`${who} reports no SFrame counters in a call of the sframe profile`, "sframe counters", null);
  }
  return s.sframe;
}

/** Sum of the frames dropped, every reason. */
export function droppedTotal(c: SFrameCounters): number {
  return c.dropped.header + c.dropped.kid + c.dropped.replay + c.dropped.auth;
}

/**
 * Waits (up to `ms`) until `party` reports counters that satisfy `pred` in the call; resolves with the last state
 * either way (the case judges it).
 */
export async function countersUntil(
  party: Party,
  callId: string,
  pred: (c: SFrameCounters) => boolean,
  ms = 10_000,
): Promise<CallState> {
  try {
    return await party.until(callId, (s) => s.state === "ended" || (s.sframe !== undefined && pred(s.sframe)), ms);
  } catch (e) {
    if ((e as { detail?: { waitingFor?: unknown } }).detail?.waitingFor === undefined) throw e;
    return await party.state(callId);
  }
}

/** The service's record of the call once the media flowed for `ms` (the forwarder's evidence is read live). */
export async function recordAfter(h: Harness, callId: string, ms: number): Promise<CallEvidence> {
  await new Promise((r) => setTimeout(r, ms));
  return await h.record(callId);
}

/** The forwarder's evidence of a call (SPEC §13.11), as a precondition: a forwarder call records it. */
export function forwarderOf(rec: CallEvidence): NonNullable<CallEvidence["evidence"]["forwarder"]> {
  return preconditionSync(ROOT_CAUSES.evidence, () => {
    const fw = rec.evidence.forwarder;
    expectTrue(fw !== null && fw !== undefined, "The service recorded no forwarder evidence for the call");
    return fw!;
  });
}

/** The direction of the packets the implementation (as `as`) sends. */
export function fromImpl(as: As): "callerToCallee" | "calleeToCaller" {
  return as === "caller" ? "callerToCallee" : "calleeToCaller";
}

/** Hangs the call up from both parties (ignoring one already ended). */
export async function hangup(p: Pair, callId: string): Promise<void> {
  for (const party of [p.caller, p.callee]) await party.hangup(callId).catch(() => {});
}
