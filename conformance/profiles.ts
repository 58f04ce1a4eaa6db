/**
 * Which cases apply to an implementation by media profile (SPEC §7, §13): a case of a profile the adapter does not
 * declare in `hello.profiles` is skipped, visibly, with one fixed reason, and never counts against the run (SPEC
 * §12.5: an optional profile an implementation does not claim is not a requirement on it). Its counterpart in a case
 * of the `sframe` profile is an implementation that declares the profile: the web client (SPEC §13.12).
 */
import type { MediaProfile } from "../src/protocol/mod.ts";
import type { Case } from "./case.ts";
import type { CaseResult } from "./results.ts";

/** The reason of every case skipped because the adapter does not declare the case's profile (SPEC §7). */
export function profileSkipReason(profile: MediaProfile): string {
  return `unsupported: the adapter does not declare the ${profile} profile`;
}

/** The profile a case tests (SPEC §7: absent means dtls-srtp). */
export function caseProfile(c: Pick<Case, "profile">): MediaProfile {
  return c.profile ?? "dtls-srtp";
}

/** Whether `c` applies to an implementation that declared `declared` (SPEC §7). */
export function applies(c: Pick<Case, "profile">, declared: readonly MediaProfile[]): boolean {
  return declared.includes(caseProfile(c));
}

/** Whether a result is a skip for an undeclared profile (it never fails a run, SPEC §12.5). */
export function isProfileSkip(r: Pick<CaseResult, "verdict" | "reason" | "profile">): boolean {
  return r.verdict === "skip" && r.profile !== undefined && r.reason === profileSkipReason(r.profile);
}
