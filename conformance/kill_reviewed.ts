/**
 * The reviewed list (SPEC §12.7): MUST cases that may kill no mutant of the reference, each with the reason it still
 * belongs in the suite. `--mutants --kill-all` reports every MUST case that killed no mutant; one listed here is
 * accepted with its reason, any other makes the matrix NOT OK. An entry for a case that now kills a mutant is reported
 * as stale. Keep reasons specific: what the case guards and why no one-fault variant of the reference can fail it. A
 * test checks every id names a case of the catalogue.
 *
 * From the first full run (28 mutants × 177 cases, 2026-11-29): 17 MUST cases killed nothing. Twelve were feature cases
 * whose implementation request was not an assertion (a refusal surfaced as a harness error); they now use
 * expectPerformed() and kill the mutant features-refused-standard. Of the other five,
 * feature.f9.e2ee-invite-not-rung-elsewhere checked the service, not the implementation, and became a service test
 * (src/service/f9_e2ee_invite_test.ts); policy.set-on.stored-by-service now kills setting-kept-local (the request seam,
 * src/peer/request_seam.ts), feature.park.works-standard-parked kills parked-hangs-up and
 * feature.simultaneous-ring.works-standard-caller kills other-answerer-refused (both through the service-message hook);
 * media.anchor.caller left the list with protocol 3, whose own assertions (no indicator, no media, the call ends) a
 * caller that shows the indicator from the topology fails. None remains.
 */

/** Case id → why it may kill no mutant. */
export const KILL_REVIEWED: Record<string, string> = {};
