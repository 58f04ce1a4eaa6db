/**
 * The reviewed list (SPEC §12.7): MUST cases that may kill no mutant of the reference, each with the reason it still
 * belongs in the suite. `--mutants --kill-all` reports every MUST case that killed no mutant; one listed here is
 * accepted with its reason, any other makes the matrix NOT OK. An entry for a case that now kills a mutant is reported
 * as stale. Keep reasons specific: what the case guards and why no one-fault variant of the reference can fail it. A
 * test checks every id names a case of the catalogue.
 *
 * From the first full run (28 mutants × 177 cases, 2026-11-29): 17 MUST cases killed nothing. Twelve were feature cases
 * whose implementation request was not an assertion (a refusal surfaced as a harness error); they now use
 * expectPerformed() and kill the mutant features-refused-standard. Five remained;
 * feature.f9.e2ee-invite-not-rung-elsewhere checked the service, not the implementation, and became a service test
 * (src/service/f9_e2ee_invite_test.ts); policy.set-on.stored-by-service now kills setting-kept-local (the request seam,
 * src/peer/request_seam.ts), feature.park.works-standard-parked kills parked-hangs-up and
 * feature.simultaneous-ring.works-standard-caller kills other-answerer-refused (both through the service-message hook).
 * One remains.
 */

/** Case id → why it may kill no mutant. */
export const KILL_REVIEWED: Record<string, string> = {
  "media.anchor.caller":
    "Checks the end state of an anchored call at the caller: the call ended and no indicator or number is left. " +
    "Every mutant runs protocol 2, whose anchored caller never shows anything (verify.confirm.anchor-caller, which " +
    "kills indicator-without-confirm), and a caller that keeps its indicator after the call ended is caught first by " +
    "verify.hidden-after-end.caller. The case stays for implementations on protocol 1 (§5.9), whose caller shows the " +
    "indicator until the callee's fail-closed hang-up: it is the check that the indicator then goes.",
};
