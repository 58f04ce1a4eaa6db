/**
 * Shared verifiers (STYLE: h2spec's verifier.go): each checks one observable against a SPEC requirement and throws a
 * CaseFailure carrying expected and actual, so every case reports failures the same way.
 */
import { DriverError } from "../src/driver/mod.ts";
import type { CallState } from "../src/protocol/mod.ts";
import type { CallEvidence } from "../src/service/mod.ts";
import { CaseFailure } from "./case.ts";

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
  if (!s.e2ee.indicator) throw new CaseFailure(`${who} does not show the E2EE indicator`, { indicator: true }, { indicator: false, state: s.state, topology: s.topology, endCode: s.endCode });
  expectNumber20(s, who);
}

/** SPEC §2.2 (V1): neither the indicator nor a number is shown. */
export function expectIndicatorOff(s: CallState, who: string): void {
  if (s.e2ee.indicator || s.e2ee.number !== null) {
    throw new CaseFailure(`${who} shows E2EE where it must not`, { indicator: false, number: null }, { ...s.e2ee, state: s.state, topology: s.topology });
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
  if (a.e2ee.number !== b.e2ee.number) throw new CaseFailure("The two ends show different numbers", a.e2ee.number, b.e2ee.number);
}

/** SPEC §2.2 (V2): the numbers differ (key substitution). */
export function expectNumbersDiffer(a: CallState, b: CallState): void {
  if (a.e2ee.number !== null && a.e2ee.number === b.e2ee.number) {
    throw new CaseFailure("Both ends show the same number although the keys were substituted", "different numbers", a.e2ee.number);
  }
}

/** The call ended, optionally with this stated code. */
export function expectEnded(s: CallState, who: string, code?: string): void {
  if (s.state !== "ended") throw new CaseFailure(`${who}'s call did not end`, "ended", s.state);
  if (code !== undefined && s.endCode !== code) throw new CaseFailure(`${who}'s call ended with another reason`, code, { endCode: s.endCode, endReason: s.endReason });
}

/** The call is up (connected, not ended). */
export function expectConnected(s: CallState, who: string): void {
  if (s.state !== "connected") throw new CaseFailure(`${who}'s call is not connected`, "connected", { state: s.state, endReason: s.endReason, endCode: s.endCode });
}

/** SPEC §2.4: the feature is not offered in this call. */
export function expectFeatureAbsent(s: CallState, feature: string, who: string): void {
  if (s.features.includes(feature)) throw new CaseFailure(`${who} offers "${feature}" in an E2EE call`, `features without "${feature}"`, s.features);
}

/** SPEC §2.4: the feature is offered in this call. */
export function expectFeatureOffered(s: CallState, feature: string, who: string): void {
  if (!s.features.includes(feature)) throw new CaseFailure(`${who} does not offer "${feature}" in a standard call`, `features with "${feature}"`, s.features);
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

/** SPEC §2.4: the request is refused with `code`. */
export async function expectRefused(p: Promise<unknown>, code: string, what: string): Promise<void> {
  const got = await refusal(p);
  if (got !== code) throw new CaseFailure(`${what} was not refused with ${code}`, code, got ?? "accepted");
}

/** SPEC §4.2 / M2: the call's topology as the service decided it. */
export function expectTopology(r: CallEvidence, topology: "relay" | "processor"): void {
  if (r.topology !== topology) throw new CaseFailure(`The call's media went via the ${r.topology ?? "nothing"}`, topology, r.topology);
}

/** SPEC §2.3 (M2): no media frame reached the media processor for this call. */
export function expectNoProcessorMedia(r: CallEvidence): void {
  const p = r.evidence.processor;
  const frames = (p?.caller?.audioFramesIn ?? 0) + (p?.callee?.audioFramesIn ?? 0) + (p?.caller?.videoFramesIn ?? 0) + (p?.callee?.videoFramesIn ?? 0);
  if (frames > 0 || p?.bridged) throw new CaseFailure("Media reached the media processor in an E2EE call", 0, { frames, bridged: p?.bridged });
}

/** SPEC §4.3: the relay carried DTLS and SRTP in both directions. */
export function expectRelayMedia(r: CallEvidence): void {
  const f = r.evidence.relay?.forwarded;
  const ok = !!f && f.a_to_b.dtls > 0 && f.b_to_a.dtls > 0 && f.a_to_b.srtp > 0 && f.b_to_a.srtp > 0;
  if (!ok) throw new CaseFailure("The relay did not carry DTLS and SRTP both ways", "dtls>0 and srtp>0 both ways", f ?? null);
}

/** The fingerprint each side put in the SDP the service forwarded (from the call log). */
export function sdpFingerprints(r: CallEvidence): { caller: string | null; callee: string | null } {
  const fp = (role: string) => (r.log.find((e) => e.event === "sdp" && (e.detail as { from?: string })?.from === role)?.detail as { fingerprint?: string } | undefined)?.fingerprint ?? null;
  return { caller: fp("caller"), callee: fp("callee") };
}
