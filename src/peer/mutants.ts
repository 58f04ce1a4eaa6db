/**
 * Mutants of the reference peer (SPEC §12.7): each is the reference with ONE deliberate fault, to prove the
 * conformance cases can fail. A mutant is a PeerVariant — the strategies it replaces (src/peer/strategies.ts) — in
 * its own file under src/peer/mutants/. Loaded only by `shieldcall peer --mutant ID` and the kill run; the reference
 * path never imports this file (src/_layers_test.ts checks it).
 */
import type { PeerVariant } from "./strategies.ts";
import { allFeaturesOfferedE2ee } from "./mutants/all-features-offered-e2ee.ts";
import { commitmentNotChecked } from "./mutants/commitment-not-checked.ts";
import { e2eeOnByDefault } from "./mutants/e2ee-on-by-default.ts";
import { indicatorInStandardCall } from "./mutants/indicator-in-standard-call.ts";
import { indicatorKeptAfterDowngrade } from "./mutants/indicator-kept-after-downgrade.ts";
import { keysReused } from "./mutants/keys-reused.ts";
import { mismatchFallsBack } from "./mutants/mismatch-falls-back.ts";
import { nineteenDigitNumber } from "./mutants/nineteen-digit-number.ts";
import { numberFromCallId } from "./mutants/number-from-call-id.ts";
import { recordingAllowedE2ee } from "./mutants/recording-allowed-e2ee.ts";
import { settingAppliedMidCall } from "./mutants/setting-applied-mid-call.ts";
import { settingVisibleWhenDisabled } from "./mutants/setting-visible-when-disabled.ts";
import { transferOfferedE2ee } from "./mutants/transfer-offered-e2ee.ts";
import { audioOnlyE2ee } from "./mutants/audio-only-e2ee.ts";
import { callerKeysReused } from "./mutants/caller-keys-reused.ts";
import { hangupInsteadOfFallback } from "./mutants/hangup-instead-of-fallback.ts";
import { indicatorBeforeConnected } from "./mutants/indicator-before-connected.ts";
import { lowOrderKeyAccepted } from "./mutants/low-order-key-accepted.ts";
import { numberWithoutCalleeFingerprint } from "./mutants/number-without-callee-fingerprint.ts";
import { offerFirstUnchecked } from "./mutants/offer-first-unchecked.ts";
import { refusalWithoutCode } from "./mutants/refusal-without-code.ts";
import { settingElsewhereHangsUp } from "./mutants/setting-elsewhere-hangs-up.ts";
import { revealBeforeAccept } from "./mutants/reveal-before-accept.ts";
import { unknownCallAnswered } from "./mutants/unknown-call-answered.ts";
import { confirmNotChecked } from "./mutants/confirm-not-checked.ts";
import { confirmSkipped } from "./mutants/confirm-skipped.ts";
import { hmacWrongRoleLabel } from "./mutants/hmac-wrong-role-label.ts";
import { mediaBeforeConfirm } from "./mutants/media-before-confirm.ts";
import { noConfirmDeadline } from "./mutants/no-confirm-deadline.ts";
import { duplicateConfirmIgnored } from "./mutants/duplicate-confirm-ignored.ts";
import { answerFpUnchecked } from "./mutants/answer-fp-unchecked.ts";
import { revealBeforeCalleeFp } from "./mutants/reveal-before-callee-fp.ts";
import { calleeLowOrderAccepted } from "./mutants/callee-low-order-accepted.ts";
import { indicatorFromTopology } from "./mutants/indicator-from-topology.ts";
import { featuresRefusedStandard } from "./mutants/features-refused-standard.ts";
import { featuresHiddenStandard } from "./mutants/features-hidden-standard.ts";
import { indicatorKeptAfterEnd } from "./mutants/indicator-kept-after-end.ts";
import { arrayUnwrapped } from "./mutants/array-unwrapped.ts";
import { bomStripped } from "./mutants/bom-stripped.ts";
import { extraPropertyAccepted } from "./mutants/extra-property-accepted.ts";
import { jsonRepaired } from "./mutants/json-repaired.ts";
import { sizeInChars } from "./mutants/size-in-chars.ts";
import { sizeUnchecked } from "./mutants/size-unchecked.ts";
import { typeCaseInsensitive } from "./mutants/type-case-insensitive.ts";
import { typeCoerced } from "./mutants/type-coerced.ts";
import { settingsKeptFromSignIn } from "./mutants/settings-kept-from-sign-in.ts";
import { settingKeptLocal } from "./mutants/setting-kept-local.ts";
import { answerBeforeCommitment } from "./mutants/answer-before-commitment.ts";
import { bit255Masked } from "./mutants/bit255-masked.ts";
import { callKeptAfterSessionClosed } from "./mutants/call-kept-after-session-closed.ts";
import { parkedHangsUp } from "./mutants/parked-hangs-up.ts";
import { otherAnswererRefused } from "./mutants/other-answerer-refused.ts";
import { noMediaE2ee } from "./mutants/no-media-e2ee.ts";
import { numberMissing } from "./mutants/number-missing.ts";

/** A mutant: an id, the clause it breaks, what it does wrong, case hints, and the strategies it replaces. */
export interface Mutant {
  /** Stable id, kebab-case, named after the fault (`keys-reused`). */
  id: string;
  /** The SPEC clause it breaks, e.g. "§2.2 V4". */
  clause: string;
  description: string;
  /** Case tags or id prefixes likely to catch it (they run first in the kill run). */
  hints: string[];
  /** The fault, as replaced peer strategies. */
  variant: PeerVariant;
}

/** Every mutant, in a stable order (the kill matrix's row order). Add a new one with one line here. */
export const MUTANTS: readonly Mutant[] = [
  e2eeOnByDefault,
  settingVisibleWhenDisabled,
  indicatorInStandardCall,
  indicatorKeptAfterDowngrade,
  numberFromCallId,
  nineteenDigitNumber,
  commitmentNotChecked,
  mismatchFallsBack,
  keysReused,
  recordingAllowedE2ee,
  transferOfferedE2ee,
  allFeaturesOfferedE2ee,
  settingAppliedMidCall,
  // Faults an outside review found the suite did not catch (each with the case added to catch it).
  callerKeysReused,
  hangupInsteadOfFallback,
  numberWithoutCalleeFingerprint,
  indicatorBeforeConnected,
  refusalWithoutCode,
  offerFirstUnchecked,
  lowOrderKeyAccepted,
  settingElsewhereHangsUp,
  audioOnlyE2ee,
  revealBeforeAccept,
  unknownCallAnswered,
  // Key confirmation (SPEC §5.9). indicator-without-confirm (protocol 2) is confirm-skipped under protocol 3.
  confirmNotChecked,
  confirmSkipped,
  calleeLowOrderAccepted,
  indicatorFromTopology,
  // Found by the full kill matrix (--kill-all): the works-standard feature cases killed no mutant.
  featuresRefusedStandard,
  // The frame-intake seam (src/peer/frame_intake.ts, SPEC §6 S2): each admits one kind of frame the endpoint ignores.
  bomStripped,
  sizeInChars,
  sizeUnchecked,
  jsonRepaired,
  arrayUnwrapped,
  typeCaseInsensitive,
  extraPropertyAccepted,
  typeCoerced,
  // The request seam (src/peer/request_seam.ts, SPEC §6, §3.3): requests answered on the device.
  settingsKeptFromSignIn,
  settingKeptLocal,
  // Endpoint rules of SPEC §6.1 that no case exercised before.
  answerBeforeCommitment,
  bit255Masked,
  callKeptAfterSessionClosed,
  // The parked party's part of call park (SPEC §4.5 CC7), reached through the service-message hook.
  parkedHangsUp,
  otherAnswererRefused,
  // Protocol 3 (SPEC §5.9, §6.1, §8): faults the new adversary modes catch.
  hmacWrongRoleLabel,
  mediaBeforeConfirm,
  noConfirmDeadline,
  duplicateConfirmIgnored,
  answerFpUnchecked,
  revealBeforeCalleeFp,
  featuresHiddenStandard,
  indicatorKeptAfterEnd,
  // Set-up is not the check (SPEC §12.2): these cases were killed only by calls that never came up.
  noMediaE2ee,
  numberMissing,
];

/** The mutant with this id, or undefined. */
export function findMutant(id: string): Mutant | undefined {
  return MUTANTS.find((m) => m.id === id);
}
