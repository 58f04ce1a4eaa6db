/**
 * Shared verifiers (STYLE: h2spec's verifier.go): each checks one observable against a SPEC requirement and throws a
 * CaseFailure carrying expected and actual, so every case reports failures the same way.
 */
import { DriverError } from "../src/driver/mod.ts";
import type { CallState } from "../src/protocol/mod.ts";
import type { Party } from "../src/driver/mod.ts";
import type { CallEvidence } from "../src/service/mod.ts";
import { CaseFailure, PreconditionFailed } from "./case.ts";
import { outcomeOf } from "./verdict.ts";

/** Fails unless `actual` deep-equals `expected`. */
export function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new CaseFailure(what, expected, actual);
}

/** Fails unless `cond`; `expected`/`actual` describe what was checked. */
export function expectTrue(cond: boolean, what: string, expected: unknown = true, actual: unknown = false): void {
  if (!cond) throw new CaseFailure(what, expected, actual);
}

/** SPEC §2.2 (V1): the indicator and a 20-digit number are shown. */
export function expectIndicatorOn(s: CallState, who: string): void {
  if (!s.e2ee.indicator) {
    throw new CaseFailure(`${who} does not show the E2EE indicator`, { indicator: true }, {
      indicator: false,
      state: s.state,
      topology: s.topology,
      endCode: s.endCode,
    });
  }
  expectNumber20(s, who);
}

/** SPEC §2.2 (V1): neither the indicator nor a number is shown. */
export function expectIndicatorOff(s: CallState, who: string): void {
  if (s.e2ee.indicator || s.e2ee.number !== null) {
    throw new CaseFailure(`${who} shows E2EE where it must not`, { indicator: false, number: null }, {
      ...s.e2ee,
      state: s.state,
      topology: s.topology,
    });
  }
}

/** SPEC §5.6 (V3): exactly 20 decimal digits. */
export function expectNumber20(s: CallState, who: string): void {
  if (typeof s.e2ee.number !== "string" || !/^[0-9]{20}$/.test(s.e2ee.number)) {
    throw new CaseFailure(`${who}'s verification number is not 20 decimal digits`, "20 digits", s.e2ee.number);
  }
}

/** SPEC §2.2 (V2): both ends show the same number. */
export function expectNumbersEqual(a: CallState, b: CallState): void {
  expectNumber20(a, "the caller");
  expectNumber20(b, "the callee");
  if (a.e2ee.number !== b.e2ee.number) {
    throw new CaseFailure("The two ends show different numbers", a.e2ee.number, b.e2ee.number);
  }
}

/** SPEC §2.2 (V2): the numbers differ (key substitution). */
export function expectNumbersDiffer(a: CallState, b: CallState): void {
  if (a.e2ee.number !== null && a.e2ee.number === b.e2ee.number) {
    throw new CaseFailure(
      "Both ends show the same number although the keys were substituted",
      "different numbers",
      a.e2ee.number,
    );
  }
}

/** The call ended, optionally with this stated code. */
export function expectEnded(s: CallState, who: string, code?: string): void {
  if (s.state !== "ended") throw new CaseFailure(`${who}'s call did not end`, "ended", s.state);
  if (code !== undefined && s.endCode !== code) {
    throw new CaseFailure(`${who}'s call ended with another reason`, code, {
      endCode: s.endCode,
      endReason: s.endReason,
    });
  }
}

/** The call is up (connected, not ended). */
export function expectConnected(s: CallState, who: string): void {
  if (s.state !== "connected") {
    throw new CaseFailure(`${who}'s call is not connected`, "connected", {
      state: s.state,
      endReason: s.endReason,
      endCode: s.endCode,
    });
  }
}

/** SPEC §2.4: the feature is not offered in this call. */
export function expectFeatureAbsent(s: CallState, feature: string, who: string): void {
  if (s.features.includes(feature)) {
    throw new CaseFailure(`${who} offers "${feature}" in an E2EE call`, `features without "${feature}"`, s.features);
  }
}

/** SPEC §2.4: the feature is offered in this call. */
export function expectFeatureOffered(s: CallState, feature: string, who: string): void {
  if (!s.features.includes(feature)) {
    throw new CaseFailure(
      `${who} does not offer "${feature}" in a standard call`,
      `features with "${feature}"`,
      s.features,
    );
  }
}

/** Resolves with the stable code a request was refused with, or null when it succeeded. */
export async function refusal(p: Promise<unknown>): Promise<string | null> {
  try {
    await p;
    return null;
  } catch (e) {
    if (e instanceof DriverError && e.code === "DRIVER_UNSUPPORTED") throw e;
    return (e as { code?: string }).code ?? "UNKNOWN";
  }
}

/**
 * SPEC §2.4: outside E2EE the features work, so the request succeeds; resolves with its result. A refusal (an error
 * with a stable code from the adapter) is a failed expectation with that code as the actual value; a protocol
 * violation, an unanswered request or an unsupported method stays what it is (adapter-error, timeout, skip).
 */
export async function expectPerformed<T>(p: Promise<T>, what: string): Promise<T> {
  try {
    return await p;
  } catch (e) {
    const err = e as { code?: unknown; message?: unknown; detail?: { pending?: unknown } } | null;
    const harness = typeof err?.code !== "string" || err.code === "ADAPTER_PROTOCOL" ||
      err.code === "DRIVER_UNSUPPORTED" ||
      err.detail?.pending === true || /^Adapter did not answer "/.test(String(err.message));
    if (harness) throw e;
    throw new CaseFailure(`${what} was refused (${String(err!.message)})`, "performed", err!.code);
  }
}

/** SPEC §2.4: the request is refused with `code`. */
export async function expectRefused(p: Promise<unknown>, code: string, what: string): Promise<void> {
  const got = await refusal(p);
  if (got !== code) throw new CaseFailure(`${what} was not refused with ${code}`, code, got ?? "accepted");
}

/** SPEC §4.2 / M2: the call's topology as the service decided it. */
export function expectTopology(r: CallEvidence, topology: "relay" | "processor"): void {
  if (r.topology !== topology) {
    throw new CaseFailure(`The call's media went via the ${r.topology ?? "nothing"}`, topology, r.topology);
  }
}

/** SPEC §2.3 (M2): no media frame reached the media processor for this call. */
export function expectNoProcessorMedia(r: CallEvidence): void {
  const p = r.evidence.processor;
  const frames = (p?.caller?.audioFramesIn ?? 0) + (p?.callee?.audioFramesIn ?? 0) + (p?.caller?.videoFramesIn ?? 0) +
    (p?.callee?.videoFramesIn ?? 0);
  if (frames > 0 || p?.bridged) {
    throw new CaseFailure("Media reached the media processor in an E2EE call", 0, { frames, bridged: p?.bridged });
  }
}

/** SPEC §4.3: the relay carried DTLS and SRTP in both directions. */
export function expectRelayMedia(r: CallEvidence): void {
  const f = r.evidence.relay?.forwarded;
  const ok = !!f && f.a_to_b.dtls > 0 && f.b_to_a.dtls > 0 && f.a_to_b.srtp > 0 && f.b_to_a.srtp > 0;
  if (!ok) {
    throw new CaseFailure("The relay did not carry DTLS and SRTP both ways", "dtls>0 and srtp>0 both ways", f ?? null);
  }
}

/** The fingerprint each side put in the SDP the service forwarded (from the call log). */
export function sdpFingerprints(r: CallEvidence): { caller: string | null; callee: string | null } {
  const fp = (role: string) =>
    (r.log.find((e) => e.event === "sdp" && (e.detail as { from?: string })?.from === role)?.detail as {
      fingerprint?: string;
    } | undefined)?.fingerprint ?? null;
  return { caller: fp("caller"), callee: fp("callee") };
}

// ---- Policy, verification, media and robustness verifiers (cases under policy/, verify/, media/, robustness/) ----

/**
 * Records every CallState a party reports (`call.changed` notifications) or returns to a poll made through
 * `until()`, so a case can check what was shown at any moment of a call, not only at the end (SPEC §2.2 V1).
 */
export class StateLog {
  readonly states: CallState[] = [];
  readonly #off: () => void;

  /** Starts recording the party's notifications at once. */
  constructor(readonly party: Party) {
    this.#off = party.client.onNotification((m, p) => {
      if (m === "call.changed" && isCallStateLike(p)) this.states.push(p);
    });
  }

  /** Polls `call.state` (waking on notifications) until `pred` holds, recording every state seen. */
  until(callId: string, pred: (s: CallState) => boolean, timeoutMs = 15_000, what = "condition"): Promise<CallState> {
    return this.party.until(
      callId,
      (s) => {
        this.states.push(s);
        return pred(s);
      },
      timeoutMs,
      what,
    );
  }

  /** The recorded states of one call, in the order seen. */
  of(callId: string): CallState[] {
    return this.states.filter((s) => s.callId === callId);
  }

  /** Stops recording notifications. */
  stop(): void {
    this.#off();
  }
}

function isCallStateLike(p: unknown): p is CallState {
  const s = p as CallState | null;
  return typeof s === "object" && s !== null && typeof s.callId === "string" && typeof s.e2ee === "object" &&
    s.e2ee !== null;
}

/** SPEC §2.2 (V1): no recorded state showed the indicator or a number. */
export function expectNeverShown(states: CallState[], who: string): void {
  const bad = states.find((s) => s.e2ee.indicator || s.e2ee.number !== null);
  if (bad) {
    throw new CaseFailure(`${who} showed E2EE at some point where it must not`, { indicator: false, number: null }, {
      ...bad.e2ee,
      state: bad.state,
      topology: bad.topology,
      endCode: bad.endCode,
    });
  }
}

/**
 * SPEC §2.2 (V1): the indicator and the number were shown only together, only while connected over the relay, and
 * the number always had 20 digits.
 */
export function expectShownOnlyWhileConnected(states: CallState[], who: string): void {
  for (const s of states) {
    if (!s.e2ee.indicator && s.e2ee.number === null) continue;
    const ok = s.e2ee.indicator && typeof s.e2ee.number === "string" && /^[0-9]{20}$/.test(s.e2ee.number) &&
      s.state === "connected" && s.topology === "relay";
    if (!ok) {
      throw new CaseFailure(
        `${who} showed the indicator or a number outside a connected E2EE call`,
        "indicator and 20-digit number together, only while connected with topology relay",
        { ...s.e2ee, state: s.state, topology: s.topology },
      );
    }
  }
}

/** Both ends of one call, as the implementation and the reference peer report it. */
export interface Ends {
  impl: CallState;
  ref: CallState;
}

/**
 * SPEC §2.1 (P5), §2.4 (F10), §2.5 (S2): after what the case did, the E2EE call is unchanged at both ends: still
 * connected, the indicator on, the same number and the same topology as `before`. `after` names the moment ("after
 * the change").
 */
export function expectE2eeUnchanged(before: Ends, now: Ends, after: string): void {
  for (
    const [b, a, who] of [[before.impl, now.impl, "the implementation"], [
      before.ref,
      now.ref,
      "the reference",
    ]] as const
  ) {
    const w = `${after[0].toUpperCase()}${after.slice(1)}, ${who}`;
    expectConnected(a, w);
    expectIndicatorOn(a, w);
    if (a.e2ee.number !== b.e2ee.number) {
      throw new CaseFailure(`${w}'s verification number changed during the call`, b.e2ee.number, a.e2ee.number);
    }
    if (a.topology !== b.topology) {
      throw new CaseFailure(`${w}'s call changed topology during the call`, b.topology, a.topology);
    }
  }
}

/** SPEC §2.1 (P3), §3.3: the setting as the endpoint reports it. */
export function expectSettings(
  actual: { visible: boolean; enabled: boolean },
  expected: { visible: boolean; enabled: boolean },
  who: string,
): void {
  if (actual?.visible !== expected.visible || actual?.enabled !== expected.enabled) {
    throw new CaseFailure(`${who} reports another E2EE setting`, expected, actual);
  }
}

/** SPEC §4.3 TR8: the certificates the relay saw on the wire, per side (empty when DTLS 1.3 hid them). */
export function relayCertificates(r: CallEvidence): { a: string[]; b: string[] } {
  return { a: r.evidence.relay?.certificates?.a ?? [], b: r.evidence.relay?.certificates?.b ?? [] };
}

/** SPEC §2.3 (M3), §4.3 TR8: each side's end-entity certificate on the wire is the one in its own SDP. */
export function expectCertificatesMatchSdp(r: CallEvidence): void {
  const fp = sdpFingerprints(r);
  const certs = relayCertificates(r);
  if (fp.caller === null || fp.callee === null) {
    throw new CaseFailure("The call log has no SDP fingerprint for a side", "both fingerprints", fp);
  }
  if (certs.a[0] !== fp.caller) {
    throw new CaseFailure("The caller's DTLS certificate on the wire is not the one in its SDP", fp.caller, certs.a);
  }
  if (certs.b[0] !== fp.callee) {
    throw new CaseFailure("The callee's DTLS certificate on the wire is not the one in its SDP", fp.callee, certs.b);
  }
}

/** SPEC §8 RF7: every digit the party decoded is one the other side speaks (no altered media was played). */
export function expectOnlySpokenDigits(s: CallState, spoken: string, who: string): void {
  // Lost packets (dropped, or tampered and rejected by SRTP authentication) are concealed by the codec, and a
  // concealed DTMF tone now and then decodes as a neighbouring digit; played altered media yields far more.
  // So: at most one foreign digit in ten, and at least one whole utterance heard intact.
  const heard = s.media.audio.digits;
  const foreign = [...heard].filter((d) => !spoken.includes(d));
  const intact = heard.includes(spoken);
  if (!intact || foreign.length * 10 > heard.length) {
    throw new CaseFailure(
      `${who} decoded digits the other side never spoke: it played altered media`,
      `"${spoken}" intact, ≤ 10% foreign digits`,
      heard,
    );
  }
}

/** SPEC §2.5 (S2): the adapter still answers `hello` (it survived what the case did to it). */
export async function expectResponsive(p: Party, who: string): Promise<void> {
  try {
    const r = await p.client.request<{ protocol?: number }>("hello", { protocol: 1 }, 5000);
    if (r?.protocol !== 1) throw new CaseFailure(`${who} answered "hello" with another protocol`, 1, r?.protocol);
  } catch (e) {
    if (e instanceof CaseFailure) throw e;
    throw new CaseFailure(`${who} no longer answers "hello"`, "a hello result", (e as Error).message);
  }
}

/** Root causes shared by the set-up helpers, so reports group their failures under one name (SPEC §12.2). */
export const ROOT_CAUSES = {
  e2eeCall: "an honest E2EE call does not come up",
  standardCall: "an honest standard call does not come up",
  evidence: "the service did not record the evidence the check reads",
  adversaryCall: "a call under the adversary does not come up as the adversary mode needs",
  media: "media does not flow in the call",
  service: "the service did not do what the case asked of it",
} as const;

/**
 * SPEC §12.2: runs a set-up step of a case. A failed expectation inside it (a CaseFailure, or a state the party
 * never reached) becomes PreconditionFailed under `rootCause`: the verdict `precondition-failed`, grouped by root
 * cause in every report, a failure for gating and never a kill (SPEC §12.7). Timeouts, crashes, adapter errors and
 * skips pass through unchanged. The case's own check comes after, outside `precondition()`.
 */
export async function precondition<T>(rootCause: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw asPrecondition(rootCause, e);
  }
}

/** The synchronous form of precondition(), for evidence look-ups. */
export function preconditionSync<T>(rootCause: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw asPrecondition(rootCause, e);
  }
}

function asPrecondition(rootCause: string, e: unknown): unknown {
  if (e instanceof PreconditionFailed) return e;
  const o = outcomeOf(e, 0);
  if (o.verdict !== "fail") return e;
  return new PreconditionFailed(
    rootCause,
    `Precondition (${rootCause}): ${o.reason ?? "failed"}`,
    o.expected,
    o.actual,
  );
}
