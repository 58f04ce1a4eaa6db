/** Helpers the state-view mutants share (SPEC §7 CallState transforms). */
import type { CallState } from "../../protocol/mod.ts";
import type { PeerCall } from "../call.ts";

/** The state with the indicator forced on where `show(call)` holds; the number is the call's own, if any. */
export function showIndicatorWhen(show: (call: PeerCall) => boolean): (call: PeerCall, s: CallState) => CallState {
  return (
    call,
    s,
  ) => (s.e2ee.indicator || !show(call)
    ? s
    : { ...s, e2ee: { indicator: true, number: call.verification?.number ?? null } });
}

/** The state with the shown number (when one is shown) replaced by `number(call, honest)`. */
export function replaceNumber(
  number: (call: PeerCall, honest: string) => string,
): (call: PeerCall, s: CallState) => CallState {
  return (call, s) => (s.e2ee.number === null ? s : { ...s, e2ee: { ...s.e2ee, number: number(call, s.e2ee.number) } });
}

/** The state with `features` added to an E2EE call's offered features. */
export function offerInE2ee(features: readonly string[]): (call: PeerCall, s: CallState) => CallState {
  return (call, s) => (call.isE2ee ? { ...s, features: [...new Set([...s.features, ...features])] } : s);
}
