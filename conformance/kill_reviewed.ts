/**
 * The reviewed list (SPEC §12.7): MUST cases that may kill no mutant of the reference, each with the reason it still
 * belongs in the suite. `--mutants --kill-all` reports every MUST case that killed no mutant; one listed here is
 * accepted with its reason, any other makes the matrix NOT OK. An entry for a case that now kills a mutant is
 * reported as stale. Keep reasons specific: what the case guards and why no one-fault variant of the reference
 * can fail it. A test checks every id names a case of the catalogue.
 *
 * From the first full run (28 mutants × 177 cases, 2026-11-29): 17 MUST cases killed nothing. Twelve were feature
 * cases whose implementation request was not an assertion (a refusal surfaced as a harness error); they now use
 * expectPerformed() and kill the mutant features-refused-standard. Four remain: media.anchor.caller left the list
 * with protocol 3, whose own assertions (no indicator, no media to the processor, the call ends) a caller that
 * shows the indicator from the topology fails.
 */

/** Case id → why it may kill no mutant. */
export const KILL_REVIEWED: Record<string, string> = {
  "policy.set-on.stored-by-service":
    "Catches a client that keeps the setting locally and never sends it to the service. The reference always sends " +
    "settings.set to the service, and the mutant seams (src/peer/strategies.ts) change what the peer shows and " +
    "decides, not which requests it sends, so no mutant can keep the setting local. policy.per-user.second-device-reads " +
    "catches the same fault from the second device. Next: a seam for the settings request and a mutant behind it.",
  "feature.park.works-standard-parked":
    "The implementation is the parked party: its whole part is to keep its call and media while the service moves the " +
    "other leg (§4.5 CC6). A fault would sit in the peer's call flow (answering the service's new offer), which has no " +
    "mutant seam; the seams reach the handshake, settings, reported state, feature guard, service-message hook and " +
    "confirm check. Next: a seam for renegotiation and a mutant that ends the call on it.",
  "feature.simultaneous-ring.works-standard-caller":
    "The implementation only places an ordinary standard call; the service rings the callee's simultaneous-ring user " +
    "(§4.5 CC11) and the case checks the caller talks with whoever answered and names them. The caller's part is the " +
    "plain call flow every other standard-call case exercises; no seam changes which answering user the peer follows. " +
    "It guards a client that rejects an answer from a user other than the one it called.",
  "feature.f9.e2ee-invite-not-rung-elsewhere":
    "The rule it checks (an E2EE invite is never rung to simultaneous-ring targets nor sent to voicemail, F9, CC11) is " +
    "enforced by the service from the caller's commitment; the implementation's part is to commit, which every E2EE " +
    "case already requires. It guards the service under the harness (a regression there would ring the target) and " +
    "an implementation that drops its commitment when the callee has call forwarding.",
};
