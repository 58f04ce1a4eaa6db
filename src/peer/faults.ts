/**
 * Fault hooks of the reference peer, for conformance self-validation only (SPEC §12.7). The normal peer runs with no
 * faults; `src/peer/mutants.ts` (loaded only by `shieldcall peer --mutant ID`) supplies one fault per mutant. Each
 * hook receives the honest value and returns what the broken variant does instead.
 */
import type { PeerCall } from "./call.ts";

/** The user's E2EE setting as the peer shows it. */
export interface SettingsView {
  visible: boolean;
  enabled: boolean;
}

/** One deliberate fault; every hook is optional and absent in the reference. */
export interface PeerFaults {
  /** What the peer shows as the user's setting (and bases its opt-in on). */
  settings?(honest: SettingsView): SettingsView;
  /** Whether the E2EE indicator is shown. */
  indicator?(call: PeerCall, honest: boolean): boolean;
  /** The verification number shown (20 digits honestly). */
  number?(call: PeerCall, honest: string | null): string | null;
  /** The features offered in the call. */
  features?(call: PeerCall, honest: string[]): string[];
  /** Whether a feature request is refused locally (honestly: whenever the call is E2EE). */
  refuseLocally?(call: PeerCall, feature: string, honest: boolean): boolean;
  /** Callee: skip the commitment check of the reveal (libbzrtp CVE-2016-6271). */
  skipCommitmentCheck?: boolean;
  /** Callee: on a commitment mismatch, continue as a standard call instead of ending it. */
  continueOnMismatch?: boolean;
  /** Reuse one X25519 key pair for every call. */
  reuseKeys?: boolean;
  /** Apply a setting change to the live call (drop the indicator) instead of to the next call. */
  applySettingMidCall?: boolean;
}
