/**
 * Shared set-up and checks of the disabled-feature cases (SPEC §2.4 F1–F10): the feature list with its clauses,
 * an E2EE call and a standard call between the implementation and a reference peer, and the F10 "nothing about the
 * call changed" check after a refused request.
 */
import type { Party } from "../../../src/driver/mod.ts";
import { speechFor } from "../../../src/media/mod.ts";
import { FEATURE_CLAUSE, FEATURES } from "../../../src/protocol/mod.ts";
import type { CallState, Feature } from "../../../src/protocol/mod.ts";
import type { CallEvidence } from "../../../src/service/mod.ts";
import { CaseFailure } from "../../case.ts";
import type { CallHandle, Harness, TenantHandle } from "../../harness.ts";
import {
  expectConnected,
  expectE2eeUnchanged,
  expectFeatureAbsent,
  expectFeatureOffered,
  expectIndicatorOff,
  expectPerformed,
  expectTopology,
  expectTrue,
  precondition,
  ROOT_CAUSES,
} from "../../verify.ts";
import type { Ends } from "../../verify.ts";
import { e2eeCall } from "../_roles.ts";
import { heardMore } from "./_media.ts";

export { FEATURE_CLAUSE, FEATURES };
export type { Feature };

/**
 * Arguments that would be valid in a standard call (SPEC §4.5), so that a refusal in an E2EE call is about E2EE
 * only: a user to transfer to, add or ring. Merge and consult transfer name a second call; alone they have none.
 */
export function argsFor(t: TenantHandle, f: Feature): Record<string, unknown> | undefined {
  const to = ["transfer-blind", "transfer-safe", "add-participant", "simultaneous-ring"];
  return to.includes(f) ? { to: t.id("carol") } : undefined;
}

/** Both users allowed and opted in; the implementation and a reference peer in an E2EE call (SPEC §12.2 set-up). */
export { e2eeCall };

type StandardSetUp = { impl: Party; ref: Party; call: CallHandle; implState: CallState; refState: CallState };

/**
 * Users allowed but with E2EE off (P3 default): a standard call through the media processor. With `hear`, also
 * waits until each side decoded the other's speech (SPEC §11): the processor bridged the legs, media flows. A set-up
 * (SPEC §12.2): it fails as `precondition-failed`.
 */
export function standardCall(
  h: Harness,
  as: "caller" | "callee" = "caller",
  o: { hear?: boolean } = {},
): Promise<StandardSetUp> {
  return precondition(ROOT_CAUSES.standardCall, () => honestStandardCall(h, as, o));
}

async function honestStandardCall(h: Harness, as: "caller" | "callee", o: { hear?: boolean }): Promise<StandardSetUp> {
  await h.tenant({ users: { alice: {}, bob: {} } });
  const impl = await h.impl("alice");
  const ref = await h.ref("bob");
  const call = as === "caller" ? await h.call(impl, ref) : await h.call(ref, impl);
  const implState = as === "caller" ? call.caller : call.callee;
  const refState = as === "caller" ? call.callee : call.caller;
  expectTopology(await h.record(call.id), "processor");
  expectConnected(implState, "The implementation");
  expectConnected(refState, "The reference peer");
  expectIndicatorOff(implState, "The implementation");
  if (o.hear) await hearEachOther(h, impl, ref, call.id);
  return { impl, ref, call, implState, refState };
}

/** The three users of a call-control case (E2EE off, standard calls); the implementation plays `impl`. */
export interface ThreeParties {
  t: TenantHandle;
  alice: Party;
  bob: Party;
  carol: Party;
  impl: Party;
}

/**
 * alice, bob and carol in a fresh tenant (policy allows, setting off); the implementation is `impl`, the rest reference
 * peers.
 */
export async function threeParties(h: Harness, impl: "alice" | "bob" | "carol"): Promise<ThreeParties> {
  const t = await h.tenant({ users: { alice: {}, bob: {}, carol: {} } });
  const party = (name: "alice" | "bob" | "carol") => (name === impl ? h.impl(name) : h.ref(name));
  const alice = await party("alice");
  const bob = await party("bob");
  const carol = await party("carol");
  return { t, alice, bob, carol, impl: { alice, bob, carol }[impl] };
}

/**
 * threeParties(), then alice calls bob: a standard call through the processor (SPEC §4.2) in which the two hear each
 * other (SPEC §11). With `offers`, the implementation (alice or bob) must offer that feature in the call.
 */
export async function threePartyStandardCall(
  h: Harness,
  impl: "alice" | "bob" | "carol",
  o: { offers?: string } = {},
): Promise<ThreeParties & { x: CallHandle }> {
  const p = await threeParties(h, impl);
  // SPEC §12.2: the call and its media are set-up; whether the implementation offers the feature is a check.
  const x = await precondition(ROOT_CAUSES.standardCall, async () => {
    const x = await h.call(p.alice, p.bob);
    expectTopology(await h.record(x.id), "processor");
    return x;
  });
  if (o.offers !== undefined && impl !== "carol") {
    expectFeatureOffered(impl === "alice" ? x.caller : x.callee, o.offers, "The implementation");
  }
  await hearEachOther(h, p.alice, p.bob, x.id);
  return { ...p, x };
}

/** Waits until the call `callId` at `p` settled (connected, or ended); resolves with that state. */
export function settledAt(p: Party, callId: string, what: string, timeoutMs = 15_000): Promise<CallState> {
  return p.until(callId, (x) => x.state === "connected" || x.state === "ended", timeoutMs, what);
}

/**
 * Waits until `a` hears `b`'s speech and `b` hears `a`'s in `callId` (SPEC §11: speechFor(userId)). A set-up (SPEC
 * §12.2): every case that waits for it does so before the request it checks, so it fails as `precondition-failed`.
 */
export function hearEachOther(h: Harness, a: Party, b: Party, callId: string, timeoutMs = 8000): Promise<void> {
  return precondition(ROOT_CAUSES.media, async () => {
    await Promise.all([
      h.heard(a, callId, speechFor(b.userId!), timeoutMs),
      h.heard(b, callId, speechFor(a.userId!), timeoutMs),
    ]);
  });
}

/**
 * An incoming call as the adapter reports it (SPEC §7 `call.incoming`, with `via` for a service-placed call,
 * §4.5).
 */
export interface Incoming {
  callId: string;
  from: string;
  via?: { feature: string; by: string };
}

/** The next call that rings at `p` (already seen or future). */
export async function incomingAt(h: Harness, p: Party, timeoutMs = 10_000): Promise<Incoming> {
  try {
    const inc = (await p.incoming(timeoutMs)) as Incoming;
    h.track(inc.callId);
    return inc;
  } catch {
    throw new CaseFailure(`Nothing rang at ${p.label} within ${timeoutMs} ms`, "call.incoming", null);
  }
}

/** Fails unless the incoming call names `feature` and `by` in `via` and comes from `from` (SPEC §4.5). */
export function expectVia(inc: Incoming, from: string, feature: string, by: string, who: string): void {
  if (inc.from !== from || inc.via?.feature !== feature || inc.via?.by !== by) {
    throw new CaseFailure(`The call that rang at ${who} does not say it was placed for "${feature}"`, {
      from,
      via: { feature, by },
    }, inc);
  }
}

/**
 * SPEC §12.2 set-up: the call `callId` rings at `p` (the next `call.incoming` it reports is for that call); a failure
 * is `precondition-failed` under `rootCause`.
 */
export function ringsAt(h: Harness, p: Party, callId: string, rootCause: string): Promise<Incoming> {
  return precondition(rootCause, async () => {
    const inc = await incomingAt(h, p);
    if (inc.callId !== callId) throw new CaseFailure(`${p.label} was rung for another call`, callId, inc.callId);
    return inc;
  });
}

/**
 * SPEC §2.4 (F1, F3), §4.4: in a standard call in which both sides hear each other, the implementation (caller)
 * offers `f` and asks for it, and the service performs it; then two more repetitions of each side's speech flow, so
 * the output holds a whole one per side. The case checks the output after hang-up.
 */
export async function performedInStandardCall(h: Harness, f: "recording" | "transcription"): Promise<StandardSetUp> {
  const set = await standardCall(h, "caller", { hear: true });
  expectFeatureOffered(set.implState, f, "The implementation");
  await expectPerformed(set.impl.feature(set.call.id, f), `The implementation's ${f} request in a standard call`);
  const rec = await h.record(set.call.id);
  expectTrue(
    performed(rec, f) && rec.features.active.includes(f),
    `The service did not start ${f} on the implementation's request`,
    `a \`feature\` log entry for ${f}`,
    rec.log.map((e) => e.event),
  );
  await heardMore(h, set.impl, set.ref, set.call.id, 13);
  return set;
}

/** Calls the service has for `userId` (as caller or callee), from `GET /admin/calls`. */
export async function callsOf(
  h: Harness,
  userId: string,
): Promise<{ id: string; caller: string; callee: string; phase: string; topology: string | null }[]> {
  const r = await h.admin.req<
    { calls: { id: string; caller: string; callee: string; phase: string; topology: string | null }[] }
  >("GET", "/calls");
  return r.calls.filter((c) => c.caller === userId || c.callee === userId);
}

/** True when the call log has a `feature` entry (the service performed it) for `f`. */
export function performed(r: CallEvidence, f: string): boolean {
  return r.log.some((e) => e.event === "feature" && (e.detail as { feature?: string } | undefined)?.feature === f);
}

/**
 * SPEC §2.4 (F10): after refused requests the E2EE call is untouched: media still flows to the reference peer,
 * both ends are still as they were (expectE2eeUnchanged: connected, indicator on, the same number and topology),
 * the implementation still offers none of `features`, the requests never reached the service (the endpoint refused
 * them itself), the service performed none of them, and no other call was placed for the implementation's user (a
 * silent re-dial without E2EE): it has `expectCalls` calls in all.
 */
export async function expectRefusalChangedNothing(
  h: Harness,
  u: { impl: Party; ref: Party; call: CallHandle; before: Ends },
  features: readonly string[],
  expectCalls = 1,
): Promise<void> {
  const { impl, ref, call } = u;
  const before = (await ref.state(call.id)).media.audio.framesReceived;
  // Half a second of audio frames at the reference peer: the call is still live after the refusal, and a delayed
  // hang-up or renegotiation by the implementation has time to show.
  let refState: CallState;
  try {
    refState = await ref.until(
      call.id,
      (s) => s.state === "ended" || s.media.audio.framesReceived >= before + 50,
      8000,
      "audio to keep flowing",
    );
  } catch {
    refState = await ref.state(call.id);
    throw new CaseFailure(
      "Media stopped flowing to the reference peer after the refused request",
      `framesReceived ≥ ${before + 50}`,
      refState.media.audio.framesReceived,
    );
  }
  const implState = await impl.state(call.id);
  expectE2eeUnchanged(u.before, { impl: implState, ref: refState }, "after the refused request (F10)");
  for (const f of features) expectFeatureAbsent(implState, f, "The implementation (after the refused request)");
  const rec = await h.record(call.id);
  expectTopology(rec, "relay");
  if (rec.phase !== "connected") {
    throw new CaseFailure("The service's record of the call is no longer connected (F10)", "connected", {
      phase: rec.phase,
      endReason: rec.endReason,
    });
  }
  const done = features.filter((f) => performed(rec, f) || rec.features.active.includes(f));
  if (done.length) throw new CaseFailure("The service performed a feature in an E2EE call", [], done);
  // §2.4: refused by the endpoint itself. The service refuses too (and logs `feature-refused`), but an endpoint that
  // only passes the request on leaves the refusal to the party the adversary model distrusts (§8).
  const asked = rec.log.filter((e) => e.event === "feature-refused").map((e) =>
    (e.detail as { feature?: string } | undefined)?.feature
  );
  if (asked.length || rec.features.refused > 0) {
    throw new CaseFailure(
      "The implementation sent the request to the service instead of refusing it itself",
      "no `feature-refused` entry in the call log",
      asked,
    );
  }
  const calls = await callsOf(h, impl.userId!);
  if (calls.length !== expectCalls) {
    throw new CaseFailure(
      "Another call was placed for the implementation's user after the refused request (F10: no silent " +
        "re-dial without E2EE)",
      `${expectCalls} call(s)`,
      calls,
    );
  }
}

/** Polls the call record until `pred` holds (e.g. an entry the service logs after hang-up). */
export async function recordUntil(
  h: Harness,
  callId: string,
  pred: (r: CallEvidence) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<CallEvidence> {
  const deadline = Date.now() + timeoutMs;
  let r = await h.record(callId);
  while (!pred(r)) {
    if (Date.now() > deadline) {
      throw new CaseFailure(
        `The service's call record never showed ${what}`,
        what,
        r.log.map((e) => e.event),
      );
    }
    await new Promise((res) => setTimeout(res, 150));
    r = await h.record(callId);
  }
  return r;
}

/** A voicemail message as `GET /admin/users/:u/voicemails` lists it (SPEC §4.5, §10). */
export interface VoicemailMessage {
  callId: string;
  for: string;
  from: string;
  path: string;
  samples: number;
  sha256: string;
  heard: string;
}

/** Polls `userId`'s mailbox until it holds at least `n` messages; returns them. */
export async function mailbox(h: Harness, userId: string, n: number, timeoutMs = 8000): Promise<VoicemailMessage[]> {
  const deadline = Date.now() + timeoutMs;
  let list = (await h.admin.voicemails(userId)) as unknown as VoicemailMessage[];
  while (list.length < n && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 150));
    list = (await h.admin.voicemails(userId)) as unknown as VoicemailMessage[];
  }
  if (list.length < n) {
    throw new CaseFailure(`${userId}'s mailbox does not hold the message`, `${n} message(s)`, list.length);
  }
  return list;
}

/** How often `text` occurs in `s`. */
export function occurrences(s: string, text: string): number {
  let n = 0;
  for (let i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) n++;
  return n;
}
